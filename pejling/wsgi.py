import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
application = get_wsgi_application()

# A worker's heap holds what Django loaded and the strategies it keeps (status_cache): with Python's
# default thresholds a full collection, which walks all of it, fell inside requests that read a whole
# strategy and made their p95 twice their median (national overview after a plan change: 149 ms
# against 70; 75 with the lines below). What is loaded now stays for the process's life: frozen, never
# walked again; and collections come after 50,000 new objects instead of 700.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
