#!/usr/bin/env bash
# Google Cloud (Compute Engine, GKE with workload identity, Cloud Run, Cloud Build): exchange the service account's
# ID token for an OCI session. See docs/issuers.md (Google Cloud).
#
# Before the first run:
#   1. In setupConfig.ini, add [Trust google] issuer = https://accounts.google.com, audience = https://oci-wif.example.com
#      and rule[] = google service_account_id=<the service account's numeric unique ID> (accounts.google.com is
#      shared by every Google customer: each rule names one service account); then deploy.
set -euo pipefail
# Asks the metadata server for an ID token for the Google trust's audience in runtimeConfig.ini.
wif-exchange --runtime-config /etc/oci-wif/runtimeConfig.ini --token-from google --env > /run/oci.env
set -a && . /run/oci.env && set +a
oci os ns get
