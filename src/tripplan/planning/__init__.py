"""Planning intelligence: balance, schedule checks, suggestions, objectives, briefs and follow-ups.

Plain Python on top of the model (no Textual, no calendar libraries), used by
the command line now and by the TUI.  Import the submodules you need; this
package itself imports nothing, because ``tripplan.files.decode`` loads
``tripplan.files.planning_section`` on every trip load.
"""
