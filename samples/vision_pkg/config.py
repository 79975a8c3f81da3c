# The configuration object: a dataclass whose fields are concrete values while tracing.
from dataclasses import dataclass


@dataclass
class VisionConfig:
    num_channels: int = 3
    hidden_size: int = 8
    num_stages: int = 2
    num_labels: int = 4
    check_channels: bool = False
