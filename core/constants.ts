// Values shared by the synth side and the exchange client. This module imports nothing, so the client can use
// them without loading cdktf (about 0.3 s at every start of wif-exchange).

/** An OCI region identifier: `us-ashburn-1`, `eu-frankfurt-1`, `us-gov-ashburn-1`. */
export const REGION = /^[a-z]{2,}(?:-[a-z]+)+-[0-9]+$/;
/** The seed's placeholder for the subject token, which wifRuntime.py expects to be replaced by hand. */
export const SUBJECT_TOKEN_PLACEHOLDER = "<your-subject-token-here>";
