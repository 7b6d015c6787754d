{{ if and .Values.enabled (gt (len .Values.ports) 1) }}{{ printf "%05d %q %v" 42 .Values.name .Values.image }}{{ else if .Values.nothing }}n{{ end }}
