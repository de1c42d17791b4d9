from axes.handlers.database import AxesDatabaseHandler


class AdminOnlyHandler(AxesDatabaseHandler):
    """django-axes for the admin's sign-in page only.

    AXES_ONLY_ADMIN_SITE stops axes from refusing portal sign-ins, but its database handler
    still counts their failures and locks out on the fifth. The portal's own sign-in is
    rate-limited by allauth (5 failures per account in 5 minutes, then HTTP 429), so axes
    records nothing outside the admin.
    """

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and not self.is_admin_request(request):
            return None
        return super().user_login_failed(sender, credentials, request=request, **kwargs)
