"""Every handler router, in the order updates try them."""

from __future__ import annotations

from functools import cache

from aiogram import Router

from handlers import common, errors, fallback, membership
from handlers.customer import answers, card, invite, link, rewards, settings, signup, support
from handlers.staff import access, campaigns, export, manage, pay, purchase, rewards_admin, stats, team, till
from handlers.staff import support as staff_support


@cache
def build_router() -> Router:
    """The root router with every feature router included (built once: routers are module-level)."""
    root = Router(name="bashgah")
    root.include_routers(
        errors.router,
        common.router,  # /cancel and /help work in the middle of any flow
        link.router,  # /link CODE before signup: a user in the middle of joining may link instead
        # The member features people use most come early: every router an update passes costs filter checks.
        # They answer only commands and menu buttons, so a form in progress below (support, settings) keeps
        # its free text; a command in the middle of a form simply does what it says.
        card.router,
        rewards.router,
        invite.router,
        signup.router,  # /start for everyone; the signup steps only for users who have not joined
        support.router,
        settings.router,
        answers.router,  # taps on messages the till sent: confirm a points payment, rate a purchase
        # Staff after the customer features: customer updates rarely reach them, so the role lookup is rare.
        access.router,  # refuses staff commands to those without the role, politely, and logs the attempt
        purchase.router,
        pay.router,
        till.router,
        manage.router,
        team.router,
        rewards_admin.router,
        stats.router,
        export.router,
        campaigns.router,
        staff_support.router,
        membership.router,  # my_chat_member only: blocked / restarted the bot
        fallback.router,  # catch-alls: must stay last
    )
    return root
