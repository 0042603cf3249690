import sys
from pathlib import Path

# The Run/Report builders live in tests/history; make them importable whatever the import mode.
sys.path.insert(0, str(Path(__file__).parents[1] / "history"))
