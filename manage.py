#!/usr/bin/env python
from pejling.cli import main

if __name__ == "__main__":
    main()
