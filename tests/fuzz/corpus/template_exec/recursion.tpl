{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}
