#!/usr/bin/env bash
# HCP Terraform / Terraform Enterprise: a pre-plan hook (or the first step of an agent's hook) that exchanges the
# run's workload identity token for an OCI session, for the OCI provider to use. See docs/issuers.md (HCP Terraform).
#
# Before the first run:
#   1. In setupConfig.ini, add [Trust hcp] issuer = https://app.terraform.io, audience = oci.workload.identity,
#      validate[] = terraform org_id=<org-…> (the issuer is shared by every organization) and
#      rule[] = terraform org=<org> project=<project> workspace=<workspace> run_phase=plan (and apply); deploy.
#   2. Set the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE = oci.workload.identity (environment category);
#      runs then get $TFC_WORKLOAD_IDENTITY_TOKEN (agents >= 1.7). Put runtimeConfig.ini's text in the sensitive
#      workspace variable WIF_RUNTIME_CONFIG_TEXT.
set -euo pipefail
umask 077
printf '%s\n' "$WIF_RUNTIME_CONFIG_TEXT" > "$HOME/runtimeConfig.ini"
wif-exchange --runtime-config "$HOME/runtimeConfig.ini" --token-from terraform --profile wif
# The provider reads the profile: provider "oci" { auth = "SecurityToken", config_file_profile = "wif" }.
