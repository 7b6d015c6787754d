{{- define "x" }}{{ .name }}{{ end -}}
{{ range $i, $p := .Values.ports }}{{ $i }}={{ $p }}{{ else }}none{{ end }}
{{ template "x" .Values }}{{ block "b" . }}b{{ end }}
