{{- define "fn.name" -}}{{ .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end }}
{{- define "fn.selector" -}}
app: {{ include "fn.name" . }}
release: {{ .Release.Name }}
{{- end }}
{{- define "fn.recurse" -}}{{ if gt (int .) 0 }}{{ . }},{{ include "fn.recurse" (sub . 1) }}{{ end }}{{- end }}
