#!/usr/bin/env bash
# Deploys the webapp sample to a running Kumo, or updates it: the function webapp-api (api/index.mjs, Node) with the
# aws CLI over Kumo's Lambda API, the page (site/) into the bucket webapp-site with 'aws s3 sync --delete', and the
# app webapp's two routes with the kumo CLI: 'ANY /api/{proxy+}' to the function, 'GET /{proxy+}' to the bucket.
# Run it as often as you like: what is already there is left alone, what changed is updated.
#
#   samples/webapp/deploy.sh [--endpoint URL]            deploy or update (URL: KUMO_ENDPOINT, else http://localhost:7070)
#   samples/webapp/deploy.sh [--endpoint URL] --remove   remove the routes, the function and the bucket
#
# Needs the aws CLI (Debian package awscli), python3, and zip (or python3's zipfile). The kumo CLI is the
# checkout's ./kumo, which builds Kumo first when the sources changed; set KUMO to another kumo executable to use it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

app=webapp
function_name=webapp-api
bucket=webapp-site
runtime=nodejs20.x
handler=index.handler
api_route='ANY /api/{proxy+}'
site_route='GET /{proxy+}'

say() { printf 'webapp: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

usage() {
  printf 'usage: %s [--endpoint URL] [--remove]\n' "$0" >&2
  printf '  --endpoint URL  the Kumo server (default: KUMO_ENDPOINT, else http://localhost:7070)\n' >&2
  printf '  --remove        remove what this script deployed instead of deploying it\n' >&2
}

endpoint="${KUMO_ENDPOINT:-http://localhost:7070}"
remove=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --endpoint)
      [ "$#" -ge 2 ] || { usage; fail "--endpoint needs a URL, such as http://localhost:7070"; }
      endpoint="$2"; shift ;;
    --endpoint=*) endpoint="${1#--endpoint=}" ;;
    --remove) remove=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage; fail "unknown argument '$1'" ;;
  esac
  shift
done
endpoint="${endpoint%/}"
case "$endpoint" in
  http://?*|https://?*) ;;
  *) fail "endpoint '$endpoint' is not valid: use an http:// or https:// URL such as http://localhost:7070" ;;
esac

# The tools, each with the Debian package that has it.
command -v aws >/dev/null 2>&1 || fail "the aws CLI is not on PATH: install it (sudo apt-get install -y awscli), then run this again."
command -v python3 >/dev/null 2>&1 || fail "python3 is not on PATH: install it (sudo apt-get install -y python3), then run this again."
if [ -n "${KUMO:-}" ]; then
  kumo=("$KUMO")
elif [ -x "$root/kumo" ]; then
  kumo=("$root/kumo")
elif command -v kumo >/dev/null 2>&1; then
  kumo=(kumo)
else
  fail "found no kumo CLI: run this script from a Kumo checkout (it uses ./kumo), put kumo on PATH, or set KUMO to a kumo executable."
fi

# Kumo does not check signatures yet, but the aws CLI signs every request: give it test credentials and a region
# when the caller has none. Kumo's APIs print JSON, never through a pager.
if [ -z "${AWS_ACCESS_KEY_ID:-}" ] && [ -z "${AWS_PROFILE:-}" ] && ! aws configure get aws_access_key_id >/dev/null 2>&1; then
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
fi
if [ -z "${AWS_REGION:-}${AWS_DEFAULT_REGION:-}" ] && ! aws configure get region >/dev/null 2>&1; then
  export AWS_DEFAULT_REGION=us-east-1
fi
export AWS_PAGER=""

awsk() { aws --endpoint-url "$endpoint" "$@"; }
kumok() { "${kumo[@]}" "$@" --endpoint "$endpoint"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Kumo must be up before anything else is tried: one clear line instead of three tools' connection errors.
health="$(python3 - "$endpoint/healthz" <<'EOF'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as answer:
        print(answer.status)
except urllib.error.HTTPError as error:
    print(error.code)
except (urllib.error.URLError, OSError) as error:
    print("unreachable", getattr(error, "reason", error))
EOF
)"
case "$health" in
  200) ;;
  503) fail "Kumo at $endpoint is starting or stopping (/healthz answers 503): wait until it is ready, then run this again." ;;
  unreachable*) fail "nothing answers at $endpoint (${health#unreachable }): start Kumo first (./kumo up), or pass --endpoint URL." ;;
  *) fail "$endpoint/healthz answered $health, not 200: is $endpoint a Kumo server? Pass --endpoint URL." ;;
esac

# routes_state prints one line per route of the app this script manages: "KEY<TAB>missing", "KEY<TAB>ours<TAB>ID",
# or "KEY<TAB>other<TAB>ID<TAB>TARGET" when the app has that route key going somewhere else.
routes_state() {
  kumok routes ls --app "$app" --json >"$work/routes.json" || fail "could not list the routes of app $app; see above."
  python3 - "$work/routes.json" "$api_route" "function:$function_name" "$site_route" "bucket:$bucket" <<'EOF'
import json, sys
routes = json.load(open(sys.argv[1], encoding="utf-8"))["routes"]
wanted = sys.argv[2:]
for key, target in zip(wanted[0::2], wanted[1::2]):
    found = next((r for r in routes if r["routeKey"] == key), None)
    if found is None:
        print(f"{key}\tmissing")
        continue
    actual = f"bucket:{found['bucket']}" if found.get("bucket") else f"function:{found.get('function')}"
    if found.get("bucket") and found.get("prefix"):
        actual += f"/{found['prefix']}"
    print(f"{key}\t{'ours' if actual == target else 'other'}\t{found['routeId']}\t{actual}")
EOF
}

remove_all() {
  say "removing app $app's routes, the function $function_name and the bucket $bucket from $endpoint"
  local states
  states="$(routes_state)"
  while IFS=$'\t' read -r key state id target; do
    case "$state" in
      ours) kumok routes rm "$id" >/dev/null </dev/null; say "route $key: removed ($id)" ;;
      other) say "route $key goes to $target, not to this sample: left alone ($id)" ;;
      *) say "route $key: not there" ;;
    esac
  done <<<"$states"
  if awsk lambda get-function --function-name "$function_name" >/dev/null 2>"$work/err"; then
    awsk lambda delete-function --function-name "$function_name" >/dev/null
    say "function $function_name: deleted"
  elif grep -q ResourceNotFoundException "$work/err"; then
    say "function $function_name: not there"
  else
    cat "$work/err" >&2
    fail "could not look up the function $function_name; see above."
  fi
  if awsk s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
    awsk s3 rb "s3://$bucket" --force >/dev/null
    say "bucket $bucket: deleted with everything in it"
  else
    say "bucket $bucket: not there"
  fi
}

if [ "$remove" -eq 1 ]; then
  remove_all
  exit 0
fi

# 1. The function: created, or its code and settings updated when they differ from what is here.
zip="$work/api.zip"
if command -v zip >/dev/null 2>&1; then
  (cd "$here/api" && zip -q -X "$zip" index.mjs)
else
  (cd "$here/api" && python3 -m zipfile -c "$zip" index.mjs)
fi
local_sha="$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1], "rb").read()).digest()).decode())' "$zip")"

if current="$(awsk lambda get-function --function-name "$function_name" \
      --query '[Configuration.Runtime, Configuration.Handler, Configuration.CodeSha256]' --output text 2>"$work/err")"; then
  read -r current_runtime current_handler current_sha <<<"$current"
  changed=()
  if [ "$current_runtime" != "$runtime" ] || [ "$current_handler" != "$handler" ]; then
    awsk lambda update-function-configuration --function-name "$function_name" \
      --runtime "$runtime" --handler "$handler" >/dev/null || fail "could not update the function's settings; see above."
    awsk lambda wait function-updated-v2 --function-name "$function_name" || fail "the function's settings did not take; see above."
    changed+=("settings")
  fi
  if [ "$current_sha" != "$local_sha" ]; then
    awsk lambda update-function-code --function-name "$function_name" --zip-file "fileb://$zip" >/dev/null ||
      fail "could not update the function's code; see above."
    awsk lambda wait function-updated-v2 --function-name "$function_name" || fail "the function's new code did not take; see above."
    changed+=("code")
  fi
  if [ "${#changed[@]}" -eq 0 ]; then
    say "function $function_name: unchanged"
  else
    say "function $function_name: updated ${changed[*]}"
  fi
elif grep -q ResourceNotFoundException "$work/err"; then
  awsk lambda create-function --function-name "$function_name" --runtime "$runtime" --handler "$handler" \
    --role "arn:aws:iam::000000000000:role/$function_name" --zip-file "fileb://$zip" --timeout 10 --memory-size 128 \
    --description "The API of Kumo's webapp sample" >/dev/null || fail "could not create the function; see above."
  awsk lambda wait function-active-v2 --function-name "$function_name" || fail "the function did not become Active; see above."
  say "function $function_name: created ($runtime, $handler)"
else
  cat "$work/err" >&2
  fail "could not look up the function $function_name; see above."
fi

# 2. The page: the bucket, made if missing, then site/ copied into it; files gone from site/ are deleted.
if ! awsk s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
  awsk s3 mb "s3://$bucket" >/dev/null || fail "could not create the bucket $bucket; see above."
  say "bucket $bucket: created"
fi
awsk s3 sync "$here/site" "s3://$bucket/" --delete --no-progress --exclude '.*' --exclude '*/.*' >"$work/sync.txt" ||
  fail "could not copy site/ into the bucket $bucket; see above."
uploaded="$(grep -c '^upload: ' "$work/sync.txt" || true)"
deleted="$(grep -c '^delete: ' "$work/sync.txt" || true)"
say "bucket $bucket: site/ synced ($uploaded uploaded, $deleted deleted)"

# 3. The routes, added when missing. A route key the app already uses for something else is not taken over.
states="$(routes_state)"
while IFS=$'\t' read -r key state id target; do
  case "$state" in
    ours) say "route $key: already there ($id)" ;;
    other) fail "app $app's route $key goes to $target, not to this sample: remove it with 'kumo routes rm $id', then run this again." ;;
    missing)
      if [ "$key" = "$api_route" ]; then
        added="$(kumok routes add "$app" "$key" "$function_name" </dev/null)" || fail "could not add the route $key; see above."
      else
        added="$(kumok routes add "$app" "$key" --bucket "$bucket" </dev/null)" || fail "could not add the route $key; see above."
      fi
      say "route $key: added (${added%%$'\n'*})" ;;
  esac
done <<<"$states"

# The app's address as Kumo serves it (by host), from the URL of one of its routes.
kumok routes ls --app "$app" --json >"$work/routes.json" || fail "could not list the routes of app $app; see above."
app_url="$(python3 - "$work/routes.json" <<'EOF'
import json, sys, urllib.parse
url = urllib.parse.urlsplit(json.load(open(sys.argv[1], encoding="utf-8"))["routes"][0]["url"])
print(f"{url.scheme}://{url.netloc}/")
EOF
)"
cat <<EOF

The web app is deployed:
  $app_url
  $endpoint/_kumo/api/$app/
EOF
