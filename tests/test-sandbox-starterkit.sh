#!/usr/bin/env bash
# SAP's starter kit scripts against the sandbox: the nine requests of each of
# cf/samples/curl-samples/send-measure-mqtt and send-measure-rest (SAP-archive/
# cloud-platform-iot-starterkit at 38ef3f4), written here in our own words and
# run with curl, openssl and mosquitto_rr against
# `herald-sandbox --flavor tenant --https`, at the URLs a real tenant has
# (https://<host>/<instance>/iot/core/api/v1/tenant/<tenant>, the processing
# API, the REST gateway). Unlike the scripts, each answer is checked.
#
# The scripts are broken in two places, as written: step 8 sends the
# capability's id unquoted as capabilityAlternateId, and its measures as a
# flat list. Each sends first what the script sends (the sandbox refuses it,
# 400, and the test checks why), then what it means: the capability's
# alternateId, quoted, and the measures as a list of rows. Two steps need a
# word more for the tools of Debian 12: the scripts' openssl asks for the
# key's pass phrase (here -passin, the secret the API answered), and curl
# 7.88 needs --cert-type P12 for a .p12 (newer curl sees it from the name).
# docs/iot-service.md lists the 18 requests with what is checked.
#
#   test-sandbox-starterkit.sh HERALD-SANDBOX [MORE SANDBOX OPTIONS, e.g. --ids guid]
set -euo pipefail
sandbox=$1
shift
py=/usr/bin/python3
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }
# json EXPRESSION: evaluates a Python expression over the JSON on stdin (as j).
json() { $py -c 'import json, sys; j = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

guid="$*"
cd "$tmp"
"$sandbox" --data-dir "$tmp/data" --http-port 0 --mqtt-port 0 --flavor tenant --https "$@" >sandbox.log 2>&1 &
pid=$!
for _ in $(seq 300); do [ -f data/sandbox.json ] && break; sleep 0.1; done
[ -f data/sandbox.json ] || fail "no sandbox.json: $(cat sandbox.log)"
api_url=$(json 'j["api_url"]' <data/sandbox.json)
case "$api_url" in https://*) ;; *) fail "--https gave the API URL $api_url" ;; esac
port=$($py -c 'import sys, urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).port)' "$api_url")
mqtt_port=$(json 'j["mqtt_uri"].rsplit(":", 1)[1]' <data/sandbox.json)
ca=$(json 'j["ca_file"]' <data/sandbox.json)

# config.sh: the broker and the API on one host name.
HOST="localhost:$port"
INSTANCE=demo
TENANT=default
USER_PASS="$(json 'j["user"]' <data/sandbox.json):$(json 'j["password"]' <data/sandbox.json)"
CREDENTIAL_PASSWORD=1234
CURL=(curl -sS --cacert "$ca" -w '\n%{http_code}')
core="https://${HOST}/${INSTANCE}/iot/core/api/v1/tenant/${TENANT}"

body() { sed '$d' <<<"$1"; }
code() { tail -n1 <<<"$1"; }
expect() {  # expect ANSWER STATUS WHAT
  [ "$(code "$1")" = "$2" ] || fail "$3: expected $2, got $(code "$1"): $(body "$1")"
}

# walk KIND PROTOCOL ALTERNATE_ID: the nine steps of one script.
walk() {
  local kind=$1 protocol=$2 alternate=$3 answer gateway device capability capability_alt sensor_type
  mkdir "$kind" && cd "$kind"

  # Step 1: the gateways; the one of the script's protocol.
  answer=$("${CURL[@]}" --get --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/gateways")
  expect "$answer" 200 "$kind step 1, GET gateways"
  gateway=$(body "$answer" | json "[g['id'] for g in j if g['protocolId'] == '$protocol' and g['status'] == 'online'][0]")
  ok "$kind step 1: the $protocol gateway is $gateway"

  # Step 2: the device, with the script's alternate id.
  answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/devices" \
    --data '{ "gatewayId" : "'"$gateway"'", "name" : "STARTERKIT_DEVICE_01", "alternateId" : "'"$alternate"'" }')
  expect "$answer" 200 "$kind step 2, POST devices"
  device=$(body "$answer" | json 'j["id"]')
  [ "$(body "$answer" | json 'j["alternateId"]')" = "$alternate" ] || fail "$kind step 2: the alternateId was not kept"
  case " $guid " in
    *" --ids guid "*) [[ "$device" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] ||
                        fail "$kind step 2: --ids guid gave the device id $device" ;;
  esac
  ok "$kind step 2: device $device"

  # Step 3: the device read back.
  answer=$("${CURL[@]}" --get --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/devices/$device")
  expect "$answer" 200 "$kind step 3, GET the device"
  [ "$(body "$answer" | json 'j["gatewayId"], j["name"]')" = "('$gateway', 'STARTERKIT_DEVICE_01')" ] ||
    fail "$kind step 3: $(body "$answer")"
  ok "$kind step 3: read back"

  # Step 4: the certificate, taken apart with sed as the script does.
  answer=$("${CURL[@]}" --get --header 'Content-Type: application/json' --basic --user "$USER_PASS" \
    "$core/devices/$device/authentications/clientCertificate/pem")
  expect "$answer" 200 "$kind step 4, GET the certificate"
  body "$answer" >cert.raw
  sed 's/^.*"secret":"//' cert.raw >pw.raw
  sed 's/","pem":".*$//' pw.raw >pw.txt
  sed 's/^.*pem":"//' cert.raw >cert.raw.1
  sed 's/"}]}$//' cert.raw.1 >cert.raw.2
  sed 's/\\n/\
/g' cert.raw.2 >cert.txt
  [ -s pw.txt ] && ! grep -q '"' pw.txt || fail "$kind step 4: the script's sed found no secret"
  if [ "$kind" = mqtt ]; then
    openssl rsa -in cert.txt -out credentials.key -passin "pass:$(cat pw.txt)" 2>/dev/null ||
      fail "$kind step 4: openssl rsa cannot read the key with the secret"
    openssl x509 -in cert.txt -out credentials.crt || fail "$kind step 4: openssl x509"
    [ "$(openssl x509 -in credentials.crt -noout -subject -nameopt multiline | sed -n 's/ *commonName *= //p')" = "$alternate" ] ||
      fail "$kind step 4: the certificate does not name the device"
  else
    openssl pkcs12 -export -inkey cert.txt -in cert.txt -out credentials.p12 \
      -passin "pass:$(cat pw.txt)" -passout "pass:$CREDENTIAL_PASSWORD" ||
      fail "$kind step 4: openssl pkcs12 -export"
  fi
  ok "$kind step 4: the key and certificate converted as the script does"

  # Step 5: the capability.
  answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/capabilities" \
    --data '{ "name" : "Starterkit Capability 02", "properties" : [ { "name" : "Starterkit_Property_A", "dataType" : "string" }, { "name" : "Starterkit_Property_B", "dataType" : "string" } ] }')
  expect "$answer" 200 "$kind step 5, POST capabilities"
  capability=$(body "$answer" | json 'j["id"]')
  capability_alt=$(body "$answer" | json 'j["alternateId"]')
  ok "$kind step 5: capability $capability ($capability_alt)"

  # Step 6: the sensor type, the capability as a measure.
  answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/sensorTypes" \
    --data '{ "name" : "Starterkit Sensor Type 02", "capabilities" : [ { "id" : "'"$capability"'", "type" : "measure" } ] }')
  expect "$answer" 200 "$kind step 6, POST sensorTypes"
  sensor_type=$(body "$answer" | json 'j["id"]')
  ok "$kind step 6: sensor type $sensor_type"

  # Step 7: the sensor, with the device's alternate id as its own.
  answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/sensors" \
    --data '{ "name": "Starterkit sensor 01", "deviceId" : "'"$device"'", "sensorTypeId" : "'"$sensor_type"'", "alternateId" : "'"$alternate"'" }')
  expect "$answer" 200 "$kind step 7, POST sensors"
  [ "$(body "$answer" | json 'j["deviceId"], j["alternateId"]')" = "('$device', '$alternate')" ] ||
    fail "$kind step 7: $(body "$answer")"
  ok "$kind step 7: sensor"

  # Step 8: the measures, as written, then as meant.
  local written flat meant
  written='{ "capabilityAlternateId" : '"$capability"', "measures" : [ "value for A", "value for B" ], "sensorAlternateId":"'"$alternate"'" }'
  flat='{ "capabilityAlternateId" : "'"$capability_alt"'", "measures" : [ "value for A", "value for B" ], "sensorAlternateId":"'"$alternate"'" }'
  meant='{ "capabilityAlternateId" : "'"$capability_alt"'", "measures" : [ [ "value for A", "value for B" ] ], "sensorAlternateId":"'"$alternate"'" }'
  # The capability's id unquoted is no JSON, unless the id happens to read
  # as a number (ids are random hex: "215e6180" is 215 × 10^6180, about one
  # run in fifteen): then it is JSON with a number where a string belongs,
  # or with a number too large for a double.
  # An id that only starts like one ("83e07408-d4f4-…") is read as a number
  # up to the dash, and one too large is refused as that before the dash
  # makes the text malformed.
  local written_refusal='JSON is malformed'
  if [[ $capability =~ ^[0-9]+([eE][0-9]+)?$ ]]; then
    written_refusal='must be strings\|is too large'
  elif [[ $capability =~ ^[0-9]+[eE][0-9]+ ]]; then
    written_refusal='JSON is malformed\|is too large'
  fi
  if [ "$kind" = mqtt ]; then
    # As the device (the certificate's name is its client id), reading
    # the gateway's answer on ack/<device> in the same connection.
    send() {
      mosquitto_rr -h localhost -p "$mqtt_port" --cafile "$ca" --cert credentials.crt --key credentials.key \
        -i "$alternate" -t "measures/$alternate" -e "ack/$alternate" -W 10 -m "$1"
    }
    answer=$(send "$written"); echo "$answer" | grep -q '"code":400' && echo "$answer" | grep -q "$written_refusal" ||
      fail "mqtt step 8 as written: $answer"
    answer=$(send "$flat"); echo "$answer" | grep -q '"code":400' && echo "$answer" | grep -q 'list of values or an object' ||
      fail "mqtt step 8 with a flat list: $answer"
    answer=$(send "$meant"); [ "$answer" = '[{"code":202}]' ] || fail "mqtt step 8 as meant: $answer"
  else
    local gateway_url="https://${HOST}/iot/gateway/rest/measures/${alternate}"
    rest() {
      "${CURL[@]}" --header 'Content-Type: application/json' --cert-type P12 \
        --cert "./credentials.p12:${CREDENTIAL_PASSWORD}" "$gateway_url" --data "$1"
    }
    answer=$(rest "$written"); expect "$answer" 400 "rest step 8 as written"
    body "$answer" | grep -q "$written_refusal" || fail "rest step 8 as written: $(body "$answer")"
    answer=$(rest "$flat"); expect "$answer" 400 "rest step 8 with a flat list"
    answer=$(rest "$meant"); expect "$answer" 202 "rest step 8 as meant"
    [ "$(body "$answer")" = '[{"code":202}]' ] || fail "rest step 8 as meant: $(body "$answer")"
    # Without the device's certificate, or for another device: refused.
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' "$gateway_url" --data "$meant")
    expect "$answer" 403 "rest step 8 without a client certificate"
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --cert ../mqtt/credentials.crt \
      --key ../mqtt/credentials.key "$gateway_url" --data "$meant")
    expect "$answer" 403 "rest step 8 with another device's certificate"
  fi
  ok "$kind step 8: as written refused (400, why said), as meant taken (202)"

  # Step 9: the processing API, newest first, of this device, 25 at most.
  answer=$("${CURL[@]}" --get --header 'Content-Type: application/json' --basic --user "$USER_PASS" \
    "https://${HOST}/iot/processing/api/v1/tenant/${TENANT}/measures/capabilities/${capability}?orderby=timestamp%20desc&filter=deviceId%20eq%20%27${device}%27&top=25")
  expect "$answer" 200 "$kind step 9, GET the measures"
  [ "$(body "$answer" | json 'len(j), j[0]["deviceId"], j[0]["capabilityId"], j[0]["measure"]')" = \
    "(1, '$device', '$capability', {'Starterkit_Property_A': 'value for A', 'Starterkit_Property_B': 'value for B'})" ] ||
    fail "$kind step 9: $(body "$answer")"
  ok "$kind step 9: the one measure taken, by its property names"

  if [ "$kind" = rest ]; then
    # Beyond the script: a command through the REST gateway
    # (POST …/commands/<device>, SAP's Python RestClient.post_command),
    # delivered on commands/<device> to the device subscribed over MQTT.
    local command_capability command_type command_sensor received sub
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/capabilities" \
      --data '{ "name" : "Lamp", "alternateId" : "lamp", "properties" : [ { "name" : "LED", "dataType" : "boolean" } ] }')
    expect "$answer" 200 "rest, a command capability"
    command_capability=$(body "$answer" | json 'j["id"]')
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/sensorTypes" \
      --data '{ "name" : "Lamp", "capabilities" : [ { "id" : "'"$command_capability"'", "type" : "command" } ] }')
    expect "$answer" 200 "rest, a sensor type with the command"
    command_type=$(body "$answer" | json 'j["id"]')
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --basic --user "$USER_PASS" "$core/sensors" \
      --data '{ "name": "Lamp", "deviceId" : "'"$device"'", "sensorTypeId" : "'"$command_type"'", "alternateId" : "lamp-1" }')
    expect "$answer" 200 "rest, a sensor of that type"
    openssl pkcs12 -in credentials.p12 -passin "pass:$CREDENTIAL_PASSWORD" -nokeys -out device.crt 2>/dev/null
    openssl pkcs12 -in credentials.p12 -passin "pass:$CREDENTIAL_PASSWORD" -nocerts -nodes -out device.key 2>/dev/null
    mosquitto_sub -h localhost -p "$mqtt_port" --cafile "$ca" --cert device.crt --key device.key \
      -i "$alternate" -t "commands/$alternate" -C 1 -W 10 >received.txt 2>&1 &
    sub=$!
    sleep 1
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --cert-type P12 \
      --cert "./credentials.p12:${CREDENTIAL_PASSWORD}" "https://${HOST}/iot/gateway/rest/commands/${alternate}" \
      --data '{ "capabilityAlternateId" : "lamp", "sensorAlternateId" : "lamp-1", "command" : { "LED" : true } }')
    expect "$answer" 202 "rest, a command through the gateway"
    wait "$sub" || fail "rest: the command did not arrive on commands/$alternate: $(cat received.txt)"
    received=$(cat received.txt)
    [ "$(json '(j["sensorAlternateId"], j["capabilityAlternateId"])' <<<"$received")" = "('lamp-1', 'lamp')" ] ||
      fail "rest: the command arrived as $received"
    # The measure capability is no command: refused as the gateway's errors are.
    answer=$("${CURL[@]}" --header 'Content-Type: application/json' --cert-type P12 \
      --cert "./credentials.p12:${CREDENTIAL_PASSWORD}" "https://${HOST}/iot/gateway/rest/commands/${alternate}" \
      --data '{ "capabilityAlternateId" : "'"$capability_alt"'", "sensorAlternateId" : "'"$alternate"'", "command" : { "Starterkit_Property_A" : "x" } }')
    expect "$answer" 400 "rest, a measure capability as a command"
    [ "$(body "$answer" | json 'j[0]["code"]')" = 400 ] || fail "rest: the gateway's error is not a list: $(body "$answer")"
    ok "rest: a command through the REST gateway delivered on commands/$alternate; a measure refused"
  fi
  cd ..
}

walk mqtt mqtt SK-MQTT-0123456789
walk rest rest SK-REST-0123456789

# The classic API root without the instance id answers too, over HTTPS.
answer=$("${CURL[@]}" --basic --user "$USER_PASS" "$api_url/devices/count")
expect "$answer" 200 "GET devices/count at the API root"
[ "$(body "$answer" | json 'j["count"]')" = 2 ] || fail "devices/count: $(body "$answer")"
ok "both devices counted at $api_url"

# The service's about, at the core API's path, with or without the instance id.
for about in "https://${HOST}/iot/core/api/v1/about" "https://${HOST}/${INSTANCE}/iot/core/api/v1/about"; do
  answer=$("${CURL[@]}" --basic --user "$USER_PASS" "$about")
  expect "$answer" 200 "GET $about"
  [ "$(body "$answer" | json 'j["name"], j["flavor"], j["https"]')" = "('herald-sandbox', 'tenant', True)" ] ||
    fail "about: $(body "$answer")"
done
answer=$("${CURL[@]}" "https://${HOST}/iot/core/api/v1/about")
expect "$answer" 401 "GET about without credentials"
ok "about answers, with credentials only"
