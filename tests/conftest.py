import pytest

from pejling.demo.loader import demo_load


@pytest.fixture
def demo(db):
    """The three seed municipalities, loaded through the ordinary import path."""
    return [slug for slug, _ in demo_load()]
