{{ range 1000000 }}{{ range 1000000 }}x{{ end }}{{ end }}
