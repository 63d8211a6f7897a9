"""Pejling's domain rules in pure Python: no Django imports here.

Everything that decides what a number means (periods, colours, trajectories,
trends) lives in this package so that the web, reports, API and CLI agree.
"""
