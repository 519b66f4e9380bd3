"""Run a script (the app's server) with the suite's frozen clock, so a child process sees the same calendar
as the test that started it: `python tests/frozen_run.py app.py`, the instant in FORUMSITE_TEST_NOW."""
import datetime as dt
import os
import runpy
import sys

import time_machine

time_machine.travel(dt.datetime.fromisoformat(os.environ["FORUMSITE_TEST_NOW"]), tick=True).start()
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
