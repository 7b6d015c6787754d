{{ range 10 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}{{ js "<a>" }}{{ html "&" }}{{ urlquery "a b" }}
