import sys
from pathlib import Path

# analyze_builders.py sits beside this file; make it importable whatever the import mode.
sys.path.insert(0, str(Path(__file__).parent))
