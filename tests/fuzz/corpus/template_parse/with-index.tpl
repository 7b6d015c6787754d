{{/* comment */}}{{ with .Values.empty }}e{{ else }}{{ index .Values.ports 1 }}{{ slice "abcdef" 1 3 }}{{ end }}
