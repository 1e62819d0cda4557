#!/usr/bin/env bash
# Records what a real kube-apiserver answers in protobuf (and in JSON, for the same object) into
# real-server.json, the fixture of real-server.test.ts. Start one first (see
# ../shared/kube-apiserver/README.md beside the repository), then: source <its run/env> && ./record-real-server.sh
set -euo pipefail
: "${REALK8S_URL:?source run/env of a running real server first}"
cd "$(dirname "$0")"
H="Authorization: Bearer $REALK8S_TOKEN"
PB='application/vnd.kubernetes.protobuf'
# A fresh namespace each run: without a controller manager a deleted namespace stays Terminating.
NS=codec-fixture-$(date +%s)
api() { curl -sSk -H "$H" "$@"; }
b64() { base64 -w0; }

api -H 'Content-Type: application/json' -X POST "$REALK8S_URL/api/v1/namespaces" \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$NS\"}}" >/dev/null
api -H 'Content-Type: application/json' -X POST "$REALK8S_URL/api/v1/namespaces/$NS/serviceaccounts" \
  -d '{"metadata":{"name":"default"}}' >/dev/null

create() { # path body
  local code
  code=$(api -o /dev/stderr -w '%{http_code}' -H 'Content-Type: application/json' -X POST "$REALK8S_URL$1" -d "$2" 2>/dev/null)
  [ "$code" = 201 ] || { echo "create $1 answered $code" >&2; exit 1; }
}
create "/api/v1/namespaces/$NS/configmaps" '{"metadata":{"name":"cm","labels":{"b":"1","a":"2"},"annotations":{"z":""}},"data":{"x":"y","empty":""},"binaryData":{"bin":"AAEC/w=="}}'
create "/api/v1/namespaces/$NS/secrets" '{"metadata":{"name":"s"},"type":"Opaque","data":{"k":"aGVsbG8=","e":""},"immutable":false}'
create "/api/v1/namespaces/$NS/services" '{"metadata":{"name":"svc"},"spec":{"ports":[{"name":"a","port":80,"targetPort":8080},{"name":"b","port":81,"targetPort":"http"}],"selector":{"app":"x"}}}'
create "/apis/apps/v1/namespaces/$NS/deployments" '{"metadata":{"name":"d","labels":{"app":"d"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"nginx:1","args":["-g",""],"ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"0.1"}},"livenessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":0}}],"volumes":[{"name":"v","secret":{"secretName":"s","defaultMode":420}},{"name":"e","emptyDir":{}}]}}}}'
create "/api/v1/namespaces/$NS/pods" '{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],"terminationGracePeriodSeconds":0}}'
create "/apis/events.k8s.io/v1/namespaces/$NS/events" '{"metadata":{"name":"ev"},"eventTime":"2026-01-02T03:04:05.123456Z","reportingController":"x/y","reportingInstance":"i","action":"A","reason":"R","type":"Normal","regarding":{"kind":"Pod","name":"p","namespace":"'$NS'"}}'

{
  echo '['
  first=1
  entry() { # name path
    local json pb
    json=$(api "$REALK8S_URL$2")
    pb=$(api -H "Accept: $PB" "$REALK8S_URL$2" | b64)
    [ $first = 1 ] || echo ','
    first=0
    printf '{"name":%s,"path":%s,"json":%s,"protobuf":"%s"}' "\"$1\"" "\"$2\"" "$json" "$pb"
  }
  entry configmap "/api/v1/namespaces/$NS/configmaps/cm"
  entry secret "/api/v1/namespaces/$NS/secrets/s"
  entry service "/api/v1/namespaces/$NS/services/svc"
  entry deployment "/apis/apps/v1/namespaces/$NS/deployments/d"
  entry pod "/api/v1/namespaces/$NS/pods/p"
  entry event "/apis/events.k8s.io/v1/namespaces/$NS/events/ev"
  entry configmap-list "/api/v1/namespaces/$NS/configmaps?fieldSelector=metadata.name%3Dcm"
  entry not-found "/api/v1/namespaces/$NS/configmaps/missing"
  # A watch that sees the ConfigMap added (initial event) and deleted.
  watch=$(mktemp)
  api -N -H "Accept: $PB;stream=watch" \
    "$REALK8S_URL/api/v1/namespaces/$NS/configmaps?watch=1&fieldSelector=metadata.name%3Dcm&timeoutSeconds=3" -o "$watch" &
  sleep 1
  api -X DELETE "$REALK8S_URL/api/v1/namespaces/$NS/configmaps/cm" >/dev/null
  wait
  printf ',{"name":"watch","path":"/api/v1/namespaces/%s/configmaps?watch=1","json":null,"protobuf":"%s"}' "$NS" "$(b64 <"$watch")"
  rm -f "$watch"
  echo ']'
} | node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8")), null, 1) + "\n")' > real-server.json
api -X DELETE "$REALK8S_URL/api/v1/namespaces/$NS" >/dev/null
echo "wrote $(pwd)/real-server.json"
