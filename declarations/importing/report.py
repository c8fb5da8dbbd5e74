from dataclasses import dataclass, field


@dataclass
class Report:
    """What an import did, counted per row, with the conflicts and warnings a curator should read."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.conflicts += other.conflicts
        self.warnings += other.warnings
        self.failures += other.failures

    def summary(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
