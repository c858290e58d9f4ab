"""Every handler router, in the order updates try them."""

from __future__ import annotations

from aiogram import Router

from handlers import common, errors, fallback, membership
from handlers.customer import answers, card, invite, link, rewards, settings, signup, support
from handlers.staff import access, campaigns, export, manage, pay, purchase, rewards_admin, stats, team, till
from handlers.staff import support as staff_support


def feature_routers() -> tuple[Router, ...]:
    """Every feature router, in the order updates try them; a Dispatcher includes them directly.

    Every router an update passes on its way costs a dispatch step (filters, middleware wrapping, copies of the
    update's data), so the order puts what members use most first, and there is no root router between.
    """
    return (
        # Member features first. They answer only commands and menu buttons, so a form in progress below
        # (support, settings) keeps its free text; a command in the middle of a form simply does what it says.
        card.router,
        rewards.router,
        invite.router,
        common.router,  # /cancel and /help work in the middle of any flow
        link.router,  # /link CODE before signup: a user in the middle of joining may link instead
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
        fallback.router,  # catch-alls: the last router messages reach
        errors.router,  # errors only (they go through the whole tree): last, so no message passes through it
    )
