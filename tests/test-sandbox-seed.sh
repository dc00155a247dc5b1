#!/usr/bin/env bash
# The seed document by hand, as a learner does it with the sandbox: curl with
# the tutorial's JSON bodies, its openssl step, and mosquitto_sub holding the
# device certificate (typing the secret at OpenSSL's pass phrase prompt).
#
#   test-sandbox-seed.sh HERALD-SANDBOX
set -euo pipefail
sandbox=$1
py=/usr/bin/python3
tmp=$(mktemp -d)
pid=""
sub_pid=""
cleanup() {
  [ -n "$sub_pid" ] && kill "$sub_pid" 2>/dev/null || true
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
field() { $py -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

cd "$tmp"
"$sandbox" --data-dir "$tmp/data" --http-port 0 --mqtt-port 0 >sandbox.log 2>&1 &
pid=$!
for _ in $(seq 300); do [ -f data/sandbox.json ] && break; sleep 0.1; done
[ -f data/sandbox.json ] || fail "no sandbox.json"
api=$(field api_url <data/sandbox.json)
user=$(field user <data/sandbox.json)
password=$(field password <data/sandbox.json)
mqtt=$(field mqtt_uri <data/sandbox.json)
ca=$(field ca_file <data/sandbox.json)
port=${mqtt##*:}
host=${mqtt#ssl://}; host=${host%:*}
post() { curl -sS -w '\n%{http_code}' -u "$user:$password" -H 'Content-Type: application/json' -X POST "$api$1" --data-binary @-; }
body() { sed '$d' <<<"$1"; }
code() { tail -n1 <<<"$1"; }

# The docs page of step 1.
# Swagger UI (test-swagger-ui.py clicks through it); a build without it has a table.
curl -sSf "$api/doc/" | grep -q -e 'SwaggerUIBundle' -e 'POST</code></td><td><code>/capabilities' || fail "no docs page"

# Step 1.
answer=$(post /capabilities <<'JSON'
{
"name": "MyCapability",
  "properties": [
    {
      "name" : "LED",
      "dataType" : "boolean"
    },
    {
      "name" : "Buzzer",
      "dataType" : "boolean"
    },
    {
      "name" : "Speed",
      "dataType" : "float",
      "unitOfMeasure" : "mph"
    }
  ]
}
JSON
)
[ "$(code "$answer")" = 200 ] || fail "step 1: $answer"
capability=$(body "$answer" | field id)
capability_alt=$(body "$answer" | field alternateId)

# Step 2.
answer=$(post /sensorTypes <<JSON
{
  "capabilities": [
    {
      "id": "$capability",
      "type": "command"
    }
  ],
  "name": "MySensorType"
}
JSON
)
[ "$(code "$answer")" = 200 ] || fail "step 2: $answer"
sensor_type=$(body "$answer" | field id)

# Step 3: the gateway named "IoT Gateway MQTT", then the device.
gateway=$(curl -sSf -u "$user:$password" "$api/gateways" |
  $py -c 'import json, sys; print([g["id"] for g in json.load(sys.stdin) if g["name"] == "IoT Gateway MQTT"][0])')
answer=$(post /devices <<JSON
{
	"gatewayId" : "$gateway",
	"name": "MyDevice"
}

JSON
)
[ "$(code "$answer")" = 200 ] || fail "step 3: $answer"
device=$(body "$answer" | field id)
device_alt=$(body "$answer" | field alternateId)
[ "$(body "$answer" | field status)" = fullyFunctional ] || fail "step 3: no status"

# Step 4.
answer=$(post /sensors <<JSON
{
  "deviceId": "$device",
  "name": "MySensor",
  "sensorTypeId": "$sensor_type"
}
JSON
)
[ "$(code "$answer")" = 200 ] || fail "step 4: $answer"
sensor=$(body "$answer" | field id)
sensor_alt=$(body "$answer" | field alternateId)

# Step 5: the certificate (the cockpit's PEM download), then the seed's
# openssl command with the secret for both passwords.
curl -sSf -u "$user:$password" "$api/devices/$device/authentications/clientCertificate/pem" >answer.json
(umask 077; field pem <answer.json >certificate.pem)
secret=$(field secret <answer.json)
rm answer.json
openssl pkcs12 -export -in certificate.pem -inkey certificate.pem -out client.ks \
  -passin "pass:$secret" -passout "pass:$secret" || fail "step 5: openssl pkcs12 -export"
openssl pkcs12 -in client.ks -passin "pass:$secret" -nokeys -clcerts 2>/dev/null |
  grep -q "CN *= *$device_alt" || fail "step 5: client.ks does not hold the device certificate"

# Step 6: subscribe as the device, typing the secret when asked.
( sleep 1; printf '%s\n' "$secret"; sleep 6 ) 2>/dev/null |
  script -qfec "mosquitto_sub -h $host -p $port --cafile '$ca' --cert certificate.pem --key certificate.pem -i $device_alt -t commands/$device_alt -q 1 -C 1" /dev/null >received.txt &
sub_pid=$!
for _ in $(seq 100); do grep -q "pass phrase" received.txt 2>/dev/null && break; sleep 0.1; done
sleep 2

answer=$(post "/devices/$device/commands" <<JSON
{
    "sensorId": "$sensor",
    "capabilityId": "$capability",
    "command": {
        "LED": "true",
        "Buzzer": "true",
        "Speed": "50.0"
    }
}
JSON
)
[ "$(code "$answer")" = 200 ] || fail "step 6: $answer"
[ "$(body "$answer" | field message)" = "Command issued successfully." ] || fail "step 6: $answer"

expected="{\"sensorAlternateId\":\"$sensor_alt\",\"capabilityAlternateId\":\"$capability_alt\",\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}"
for _ in $(seq 100); do grep -qF "$expected" received.txt && break; sleep 0.1; done
grep -qF "$expected" received.txt || { cat received.txt >&2; fail "mosquitto_sub did not receive $expected"; }
echo "ok"
