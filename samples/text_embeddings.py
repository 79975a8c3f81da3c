# HuggingFace-style text embeddings, written for fxlint: optional `inputs_embeds` / `position_ids`
# parameters decided with `is None`. Which parameters are traced changes the outcome: vanilla tracing
# reaches the model's own raise (FX111) or keeps the wrong branch (FX201); tracing only input_ids reaches
# the position-id buffer sliced by a traced length (FX109), unless the ids come from torch.arange.
import torch
import torch.nn as nn


class TokensOrEmbeddings(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=input_ids]: traceable  # expect-verdict[export]: fails  # expect-verdict[export inputs=input_ids]: exportable
    def __init__(self, vocab_size=20, hidden_size=8):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden_size)
        self.norm = nn.LayerNorm(hidden_size)

    def forward(self, input_ids=None, inputs_embeds=None):
        if inputs_embeds is not None and input_ids is not None:  # expect: FX201 "inputs_embeds"
            raise ValueError("pass either input_ids or inputs_embeds, not both")  # expect: FX111
        if inputs_embeds is None:
            inputs_embeds = self.word_embeddings(input_ids)  # expect[export]: FX115
        return self.norm(inputs_embeds)


class BufferPositionEmbeddings(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=input_ids]: fails  # expect-verdict[export]: exportable  # expect-verdict[export inputs=input_ids]: exportable
    def __init__(self, vocab_size=20, hidden_size=8, max_positions=16):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden_size)
        self.position_embeddings = nn.Embedding(max_positions, hidden_size)
        self.register_buffer("position_ids", torch.arange(max_positions).unsqueeze(0), persistent=False)

    def forward(self, input_ids, position_ids=None):
        seq_length = input_ids.size(1)
        if position_ids is None:  # expect: FX201 "position_ids"
            # A buffer is a real tensor: slicing it with a Proxy bound raises TypeError.
            position_ids = self.position_ids[:, :seq_length]  # expect[inputs=input_ids]: FX109 "self.position_ids"
        return self.word_embeddings(input_ids) + self.position_embeddings(position_ids)


class ArangePositionEmbeddings(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=input_ids]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=input_ids]: exportable
    def __init__(self, vocab_size=20, hidden_size=8, max_positions=16):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden_size)
        self.position_embeddings = nn.Embedding(max_positions, hidden_size)

    def forward(self, input_ids, position_ids=None):
        if position_ids is None:  # expect: FX201 "position_ids"
            position_ids = torch.arange(input_ids.size(1), device=input_ids.device).unsqueeze(0)
        return self.word_embeddings(input_ids) + self.position_embeddings(position_ids)


def fxlint_examples():
    ids = torch.randint(0, 20, (2, 5))
    other_ids = torch.randint(0, 20, (1, 7))
    positions = torch.arange(5).unsqueeze(0)
    return {
        "TokensOrEmbeddings": {"make": TokensOrEmbeddings, "inputs": (ids,), "alt_inputs": (other_ids,)},
        "BufferPositionEmbeddings": {"make": BufferPositionEmbeddings, "inputs": (ids, positions),
                                     "alt_inputs": (other_ids, None)},
        "ArangePositionEmbeddings": {"make": ArangePositionEmbeddings, "inputs": (ids, positions),
                                     "alt_inputs": (other_ids, None)},
    }
