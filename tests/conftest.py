import sys
from pathlib import Path

# run_builders.py sits beside this file; make it importable from every test directory,
# whatever the import mode.
sys.path.insert(0, str(Path(__file__).parent))
