class SourceError(Exception):
    """Bad input, reported as 'file: line N: problem' so a curator can find and fix it."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}: line {self.line}" if self.line else self.path
        return f"{where}: {self.message}"
