#!/usr/bin/env bash
# Azure VM (or scale set) with a managed identity: exchange its Entra token for an OCI session. See docs/issuers.md
# (Microsoft Entra ID).
#
# Before the first run:
#   1. Register an Entra application for OCI (its application ID URI, e.g. api://oci-wif, is the audience).
#   2. In setupConfig.ini, add [Trust entra] issuer = https://login.microsoftonline.com/<tenant id>/v2.0 (or the
#      v1 https://sts.windows.net/<tenant id>/, as the app's accessTokenAcceptedVersion says), audience = api://oci-wif
#      and rule[] = entra object_id=<the managed identity's object ID>; then deploy.
set -euo pipefail
# Asks the instance metadata service (169.254.169.254) for a token for the Entra trust's audience in runtimeConfig.ini.
wif-exchange --runtime-config /etc/oci-wif/runtimeConfig.ini --token-from entra --env > /run/oci.env
set -a && . /run/oci.env && set +a
oci os ns get
