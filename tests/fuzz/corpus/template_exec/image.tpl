{{ .Values.image.repository }}:{{ .Values.image.tag | default "latest" }}
