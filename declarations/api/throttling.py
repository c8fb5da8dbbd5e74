from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """AnonRateThrottle (per client address, counted in the default cache), reading its rate when a request
    comes rather than when the class is defined, so a deployment or a test can change it in settings."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
