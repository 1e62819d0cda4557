package main

type corpusEntry struct {
	Name     string `json:"name"`
	Message  string `json:"message"`
	JSON     string `json:"json"`
	Protobuf string `json:"protobuf"`
	Envelope bool   `json:"envelope"`
}

func buildCorpus(pb *protoBuilder) ([]corpusEntry, error) {
	return []corpusEntry{}, nil
}
