import sys
from pathlib import Path

# the helpers beside these tests (ci_outputs, the stand-in CLIs) import by name
sys.path.insert(0, str(Path(__file__).parent))
