"""Language analysis: sentences, entities, embeddings, name folding."""
