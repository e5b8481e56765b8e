#!/usr/bin/env bash
# AWS (Lambda, EC2, ECS, CodeBuild …) with outbound identity federation: exchange an STS web identity token for an
# OCI session. See docs/issuers.md (AWS).
#
# Before the first run:
#   1. aws iam enable-outbound-web-identity-federation (once per account) prints the account's issuer.
#   2. Allow sts:GetWebIdentityToken to the role, for the audience (condition key sts:IdentityTokenAudience).
#   3. In setupConfig.ini, add [Trust aws] issuer = https://<uuid>.tokens.sts.global.api.aws, audience = oci-wif and
#      rule[] = aws role=arn:aws:iam::<account>:role/<role>; then deploy.
set -euo pipefail
# GetWebIdentityToken is not on the global STS endpoint: the AWS CLI needs a region.
export AWS_REGION="${AWS_REGION:-eu-central-1}"
# Runs aws sts get-web-identity-token --audience <the AWS trust's audience> --signing-algorithm RS256.
wif-exchange --runtime-config /etc/oci-wif/runtimeConfig.ini --token-from aws --env > /tmp/oci.env
set -a && . /tmp/oci.env && set +a
oci os ns get
