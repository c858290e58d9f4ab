# Bashgah — English. Every key here exists in fa.ftl and tr.ftl with the same placeholders (tests check).
# Texts are sent as HTML on Telegram: only <b>, <i>, <code> are used; placeholders are escaped by the bot.

## Menu (reply keyboard) and commands
menu-card = 💳 My card
menu-balance = 💰 Balance
menu-rewards = 🎁 Rewards
menu-history = 📜 History
menu-invite = 🤝 Invite friends
menu-settings = ⚙️ Settings
menu-support = 💬 Support
menu-help = ❓ Help
cmd-start = Join the club or show the menu
cmd-card = My club card and QR code
cmd-balance = My points
cmd-history = My points history
cmd-rewards = Rewards I can claim
cmd-invite = Invite friends and earn points
cmd-settings = Language, offers, birthday, my data
cmd-support = Write to the shop
cmd-help = How the club works
cmd-language = Change language
cmd-cancel = Stop what I am doing

## Signup
signup-welcome = Welcome to <b>{ $club }</b>! 🎉
    Join our club to earn points on every purchase and turn them into rewards.
    First, choose your language:
signup-phone = Please share your phone number with the button below. The cashier finds your card by it.
signup-phone-use-button = Please use the “Share my phone number” button; typed numbers are not accepted.
signup-phone-not-yours = That contact is not yours. Please share your own number with the button below.
signup-phone-invalid = That phone number does not look valid. Please share your own number with the button.
signup-name = What should we call you? Tap your name below or type another.
signup-name-invalid = Please type a name of 1 to { $max } characters.
signup-birthday = When is your birthday? We have a gift for you on the day. 🎂
    Type it in the { $calendar } calendar, e.g. { $example } (the year is optional), or tap “Skip”.
signup-consent = May we send you offers and news from the club? You can change this any time in Settings.
signup-use-buttons = Please answer with the buttons below.
signup-done = You are a member of <b>{ $club }</b>! Your member number is <b>{ $number }</b>.
signup-bonus = 🎁 Welcome gift: <b>{ $points }</b> points are already on your card.
signup-referred = 🤝 A friend invited you: on your first purchase of { $amount } or more you both get bonus points.
signup-referral-ignored = The invite link you used was not valid, but you are in all the same.
signup-menu-hint = Use the menu below to see your card, points and rewards.
signup-cancelled = Signup cancelled. Send /start whenever you want to join.
start-welcome-back = Welcome back, { $name }! What would you like to do?
start-link-member = You are already a member, so invite links are for your friends. Here is your menu.
start-link-unknown = That link was not recognised, but you can still join.
join-first = You are not a member yet. Send /start to join the club.
calendar-jalali = Persian (Jalali)
calendar-gregorian = Gregorian
btn-share-phone = 📱 Share my phone number
btn-skip = Skip ⏭
btn-consent-yes = ✅ Yes, send me offers
btn-consent-no = No, thanks

## Dates
date-invalid-format = Please type the date as year/month/day, e.g. 1370/05/23, or month/day.
date-invalid-impossible = That date does not exist. Please check the day and month.
date-invalid-out_of_range = That year does not look right. Please check it.

## Card, balance, history
card-title = 💳 <b>{ $club }</b> club card
card-number = Member number: <b>{ $number }</b>
card-tier = Tier: <b>{ $tier }</b>
card-balance = Balance: <b>{ $points }</b> points
card-progress = Spend { $amount } { $currency } more to reach <b>{ $tier }</b>.
card-top-tier = You are at our top tier. Thank you! 🌟
card-show-cashier = Show this code to the cashier when you pay.
balance-points = 💰 You have <b>{ $points }</b> points.
balance-worth = That is worth { $amount } { $currency } at the till.
balance-expiring = ⏳ { $points } points expire in the next { $days } days. Use them for a reward!
history-title = 📜 Your points history (page { $page } of { $pages }):
history-entry = { $date } · { $kind } · { $sign }{ $points }
history-empty = No points yet. They appear here after your first purchase.
btn-newer = ◀️ Newer
btn-older = Older ▶️
kind-signup = Welcome gift
kind-purchase = Purchase
kind-referral = Invited friend
kind-birthday = Birthday gift
kind-claim = Reward claimed
kind-claim_cancel = Reward cancelled
kind-adjust = Correction by the shop
kind-expire = Points expired
kind-import = Opening balance
kind-till = Paid with points
currency-IRR = Rial

## Rewards and vouchers
rewards-title = 🎁 Rewards (you have <b>{ $balance }</b> points):
rewards-empty = There are no rewards to claim right now. Check again soon!
rewards-item = • { $title }: <b>{ $cost }</b> points
rewards-stock = { $stock } left
rewards-until = until { $date }
btn-reward = { $title } · { $cost }
btn-my-vouchers = 🎟 My vouchers
btn-claim-confirm = ✅ Claim it
btn-back = ◀️ Back
reward-confirm = Claim <b>{ $title }</b> for <b>{ $cost }</b> points? You have { $balance } points.
reward-claimed = 🎉 <b>{ $title }</b> is yours!
    Voucher code: <code>{ $code }</code>
    Valid until { $until }. Your balance: { $balance } points.
voucher-show-cashier = Show this code to the cashier: { $code }
vouchers-title = 🎟 Your open vouchers:
vouchers-empty = You have no open vouchers.
vouchers-item = • { $title }: <code>{ $code }</code>, valid until { $until }
btn-cancel-voucher = ❌ Cancel { $code }
voucher-cancelled = Cancelled: { $points } points returned.
voucher-cancelled-balance = Voucher cancelled; { $points } points are back. Balance: { $balance } points.

## Invite
invite-offer = 🤝 Invite friends! When a friend joins with your link and spends { $amount } { $currency } or more on a first purchase, you get <b>{ $referrer }</b> points and your friend gets <b>{ $friend }</b>.
invite-link = Your personal link: { $link }
invite-stats = Friends joined: { $joined } · bought: { $qualified } · points earned: { $points }
invite-share-text = Join me in the { $club } club and get bonus points!
btn-share = 📤 Share my link

## Settings
settings-title = ⚙️ <b>Settings</b>
settings-language = Language: { $language }
settings-marketing-on = Offers and news: on
settings-marketing-off = Offers and news: off
settings-birthday-set = Birthday: saved (the shop can change it for you)
settings-birthday-missing = Birthday: not set
btn-language = 🌐 Language
btn-marketing-on = 🔔 Send me offers
btn-marketing-off = 🔕 Stop offers
btn-birthday = 🎂 Add my birthday
btn-delete-data = 🗑 Delete my data
btn-delete-confirm = Yes, delete my data
settings-choose-language = Choose your language:
settings-language-changed = Done! I will speak English from now on.
settings-saved = Saved.
settings-birthday-ask = Type your birthday in the { $calendar } calendar, e.g. { $example } (the year is optional).
settings-birthday-saved = 🎂 Birthday saved. See you on the day!
settings-delete-ask = This erases your name, phone number and birthday and ends your membership. Your points are lost. Are you sure?
settings-deleted = Your data has been deleted. Thank you for being with us; send /start if you ever want to join again.

## Support and help
support-ask = 💬 Write your message to the shop (text only). Send /cancel to stop.
support-invalid = Please write a message of up to { $max } characters.
support-text-only = Please send your message as text.
support-sent = ✅ Message sent (ticket #{ $ticket }). The shop will answer here.
support-staff-note = 💬 Ticket #{ $ticket } from member { $number } ({ $name }):
    { $text }
help = ❓ <b>How the club works</b>
    You earn points on every purchase: show your card (/card) to the cashier.
    Higher tiers earn more. Spend points on rewards (/rewards) and invite friends for bonus points (/invite).
    /balance, /history: your points · /settings: language, offers, birthday · /support: write to us · /cancel: stop
help-guest = Send /start to join the club, earn points on every purchase and turn them into rewards.
cancelled = Cancelled.
not-understood = Sorry, I did not understand that. Please use the menu below.
button-expired = This button is no longer valid.

## Errors
error-generic = Sorry, that did not work.
error-internal = Sorry, something went wrong on our side. Please try again in a moment.
error-too-fast = You are sending messages very fast. Please wait a few seconds.
error-member-not-found = No member was found.
error-member-blocked = This membership is blocked. Please contact the shop.
error-phone-taken = This phone number already belongs to a member on this messenger.
error-insufficient-points = Not enough points for that.
error-invalid-points = That is not a valid number of points.
error-reason-required = Please give a reason.
error-receipt-conflict = That receipt was already recorded for a different purchase.
error-reward-not-found = That reward does not exist.
error-reward-unavailable = That reward is not available right now.
error-out-of-stock = Sorry, that reward is out of stock.
error-claim-limit = You have reached the limit for this reward.
error-voucher-not-found = No such voucher.
error-voucher-used = This voucher has already been used.
error-voucher-cancelled = This voucher was cancelled.
error-voucher-expired = This voucher has expired.
error-birthday-set = Your birthday is already saved. Please ask the shop to change it.

## Staff: roles and commands
cmd-purchase = Record a purchase
cmd-redeem = Redeem a voucher code
cmd-member = Look up a member
cmd-adjust = Add or remove points (with a reason)
cmd-block = Block a member
cmd-unblock = Unblock a member
cmd-staff = Manage admins and cashiers
role-owner = owner
role-admin = admin
role-cashier = cashier
staff-refused = Sorry, this command is for the shop's staff only.
staff-role-too-low = Sorry, your role does not allow this command.
staff-title = 👥 <b>Staff</b>
staff-line = • { $id }: { $role } { $name }
staff-usage = Use: /staff · /staff add USER_ID admin|cashier [name] · /staff remove USER_ID (people find their id with /myid)
staff-added = ✅ { $id } is now { $role }.
staff-removed = ✅ { $id } is no longer staff.
my-id = Your id: <code>{ $id }</code>
error-not-staff = That person is not staff.
error-owner-fixed = Owners are set in the club file, not in the chat.
error-ticket-not-found = That ticket does not exist.

## Staff: purchases and the till
purchase-usage = Use: /purchase MEMBER AMOUNT [RECEIPT] (member number, phone or card code), or just /purchase.
purchase-ask-member = Whose purchase? Send the member number, phone number, or a photo of the card's QR code.
purchase-ask-amount = Member { $number } ({ $name }). Amount of the purchase?
purchase-qr-unreadable = I could not read a code from that. Please type the member number instead.
purchase-confirm-large = Large purchase: { $amount } { $currency } for { $name } ({ $points } points). Record it?
btn-confirm-purchase = ✅ Record it
purchase-recorded = ✅ Purchase recorded for member { $number } ({ $name }): { $amount } { $currency }.
    +{ $points } points · balance { $balance } · tier { $tier }
purchase-replayed = (This purchase was already recorded; nothing was added.)
purchase-tier-upgrade = 🎉 The member moved up to { $tier }!
amount-invalid-empty = Please send an amount.
amount-invalid-not_a_number = That is not a number. Please send digits only, e.g. 250000.
amount-invalid-negative = The amount cannot be negative.
amount-invalid-zero = The amount must be more than zero.
amount-invalid-decimal = Please send a whole number (no decimals).
amount-invalid-too_large = That number is too large. Please check it.
phone-invalid-not_a_number = That is not a phone number.
phone-invalid-invalid = That phone number is not valid.
input-invalid-format = That input was not understood.
redeem-ask-code = Send the voucher code (or a photo of its QR code).
redeem-done = ✅ Voucher <code>{ $code }</code> redeemed for member { $number }. Give: <b>{ $title }</b>
member-ask = Which member? Send the member number, phone number, or a photo of the card's QR code.
member-card = 👤 Member { $number }: { $name }
    Phone: { $phone } · tier { $tier } · balance { $balance } points
    Status: { $status } · joined { $joined }
member-status-active = active
member-status-blocked = blocked
member-status-deleted = deleted
member-purchases = Latest purchases:
member-no-purchases = No purchases yet.
member-purchase = • { $date }: { $amount } { $currency } (+{ $points })
adjust-usage = Use: /adjust MEMBER ±POINTS REASON, e.g. /adjust 1001 +50 birthday gift
adjust-done = ✅ Member { $number }: { $delta } points. Balance { $balance }.
block-usage = Use: /block MEMBER or /unblock MEMBER.
block-done = Member { $number } is blocked.
unblock-done = Member { $number } is active again.
block-unchanged = Nothing changed for member { $number }.
btn-reply = ↩️ Reply
support-reply-ask = Write your reply to ticket #{ $ticket }:
support-reply-sent = ✅ Reply to ticket #{ $ticket } sent.
support-reply-undelivered = Reply to ticket #{ $ticket } saved, but the member cannot be reached in the chat.

## Messages to members from the till
notify-purchase = 🛍 Thank you for your purchase of { $amount } { $currency }! You earned <b>{ $points }</b> points. Balance: { $balance }.
notify-tier-upgrade = 🌟 Congratulations! You are now <b>{ $tier }</b> and earn { $multiplier }% points on every purchase.
notify-referral-referrer = 🤝 Your friend made their first purchase: you earned <b>{ $points }</b> points. Thank you!
notify-referral-friend = 🤝 Welcome bonus for joining with a friend's link: <b>{ $points }</b> points.
notify-voucher-used = 🎁 Your voucher <code>{ $code }</code> ({ $title }) was used. Enjoy!
notify-adjusted = The shop adjusted your points: { $delta }. Balance: { $balance }. Reason: { $reason }
support-reply = 💬 Reply from the shop (ticket #{ $ticket }):
    { $text }

## Scheduled messages (birthday, tier news, reminders) and the owner's daily summary
notice-birthday = 🎂 Happy birthday! <b>{ $points }</b> points are on your card as our gift. Have a wonderful day!
notice-birthday-greeting = 🎂 Happy birthday from all of us! Have a wonderful day.
notice-tier-up = 🌟 Congratulations! You are now a <b>{ $tier }</b> member.
notice-tier-warning = ⏳ Tiers are reviewed on { $date }. To stay <b>{ $tier }</b>, spend { $amount } { $currency } more by then; otherwise you move to { $lower_tier }.
notice-tier-down = Your tier is now <b>{ $tier }</b>. Spend { $amount } { $currency } within { $days } days to be <b>{ $previous_tier }</b> again.
notice-tier-nudge = 🚀 You are close to <b>{ $tier }</b>: spend just { $amount } { $currency } more to get there.
notice-expiry = ⏳ { $points } of your points expire by { $date }. Use them for a reward before then: /rewards
notice-winback = 👋 We have not seen you for { $days } days and we miss you! You have <b>{ $points }</b> points waiting: /rewards
summary-daily = 📊 <b>{ $date }</b>: { $members } new members, { $purchases } purchases ({ $revenue } { $currency }), { $issued } points issued, { $redeemed } redeemed.

## Staff: rewards catalog
cmd-rewards_admin = Manage the rewards catalog
rewards-admin-title = 🎁 <b>Rewards catalog</b> — tap one to change it:
rewards-admin-empty = The catalog is empty. Add the first reward:
rewards-admin-active = active
rewards-admin-paused = ⏸ paused
btn-reward-add = ➕ Add a reward
btn-reward-pause = ⏸ Pause
btn-reward-resume = ▶️ Resume
btn-reward-cost = Cost
btn-reward-stock = Stock
btn-reward-per_member_limit = Limit per member
btn-reward-valid_until = Valid until
btn-reward-voucher_days = Voucher days
btn-reward-title = Title
reward-detail = 🎁 <b>{ $title }</b>
    Cost: { $cost } points · stock: { $stock } · per member: { $limit }
    Valid until: { $until } · vouchers valid { $days } days · { $status }
reward-ask-title = Title of the reward: one title for every language, or “Persian | English | Turkish”.
reward-ask-cost = Cost in points?
reward-ask-stock = How many are there? Send a number, or “-” for unlimited.
reward-ask-per_member_limit = How many may one member claim? Send a number, or “-” for no limit.
reward-ask-valid_until = Last day it can be claimed, e.g. { $example }; or “-” for no end.
reward-ask-voucher_days = For how many days is a voucher valid after claiming?
reward-added = ✅ Reward added.
saved = Saved.
error-reward-value = That value is not valid for this field.

## Staff: statistics and exports
cmd-stats = Club statistics and chart
cmd-export = Download members or ledger as CSV
stats-choose = 📊 Statistics for which period?
stats-usage = Use: /stats · /stats week|month|year · /stats 90 (the last 90 days)
stats-period-week = This week
stats-period-month = This month
stats-period-30d = Last 30 days
stats-period-year = This year
stats-period-days = Last { $days } days
stats-title = 📊 <b>{ $period }</b> ({ $since } – { $until })
stats-members = 👥 Members: <b>{ $members }</b> · new in the period: { $new } · new this week: { $week }
stats-active = 🔥 Active: { $active30 } in 30 days · { $active90 } in 90 days
stats-points = ⭐ Points issued: { $issued } · redeemed: { $redeemed } ({ $rate }) · expired: { $expired }
stats-liability = 💰 Outstanding: { $outstanding } points = { $liability } { $currency }
stats-purchases = 🛒 Purchases: { $purchases } · { $revenue } { $currency } · buyers: { $buyers } · bought again: { $repeat }
stats-basket = • { $tier }: { $purchases } purchases, average { $average } { $currency }
stats-referrals = 🤝 Referrals: { $referrals } · qualified: { $qualified } ({ $conversion })
stats-campaigns = 📣 Campaigns: { $campaigns } · messages delivered: { $sent }
chart-title = Club statistics: { $period }
chart-new-members-weekly = New members per week
chart-new-members-daily = New members per day
chart-points = Points issued and redeemed
chart-issued = Issued
chart-redeemed = Redeemed
chart-by-tier = Purchases by tier
export-choose = 📄 Which file do you want?
export-usage = Use: /export members · /export ledger [week|month|year|90]
export-btn-members = 👥 Members
export-btn-ledger = 📒 Ledger: { $period }
export-progress = ⏳ Preparing the file… { $rows } rows so far.
export-progress-done = ✅ Done: { $rows } rows.
export-members-caption = 👥 Members: { $rows } rows (UTF-8 CSV, opens in Excel).
export-ledger-caption = 📒 Ledger, { $period } ({ $since } – { $until }): { $rows } entries (UTF-8 CSV).

## Paying with points, and feedback
cmd-pay = Pay with the member's points (they confirm)
pay-usage = Use: /pay MEMBER POINTS AMOUNT [RECEIPT], e.g. /pay 1001 100 500000, or just /pay.
pay-ask-points = Member { $number } has { $balance } points. How many points to spend?
pay-ask-amount = Amount of the whole purchase?
btn-pay-yes = ✅ Yes, pay with my points
btn-pay-no = ❌ No
pay-confirm-ask = 💳 The shop asks to take <b>{ $points }</b> points ({ $discount } { $currency }) off your purchase of { $amount } { $currency }. Do you agree? This request is valid for { $minutes } minutes.
pay-waiting = ⏳ Asked member { $number } to confirm { $points } points (valid { $minutes } minutes). You will see the answer here.
pay-unreachable = Member { $number } cannot be reached in the chat, so they cannot confirm. Please record the purchase without points.
pay-declined = You declined; no points were taken.
pay-done = ✅ Paid with { $points } points: { $discount } { $currency } off. Balance: { $balance }.
pay-cashier-declined = ❌ Member { $number } declined paying with points.
pay-cashier-confirmed = ✅ Member { $number } confirmed { $points } points: take { $discount } { $currency } off; to pay: { $paid } { $currency }. Recorded.
feedback-ask = How likely are you to recommend us to a friend? (0 = not at all, 10 = very likely)
feedback-thanks = Thank you for your answer!
error-payment-not-found = That payment request does not exist.
error-payment-expired = That payment request has expired. The cashier can ask again.
error-payment-closed = That payment request was already answered.
error-discount-too-large = Those points are worth more than the purchase.
error-points-payment-off = Paying with points is not offered by this club.
error-invalid-score = That answer was not valid.

## Staff: campaigns
cmd-campaign = Send a campaign to members
cmd-campaigns = Campaigns and their delivery
campaign-ask-text = 📣 Send the campaign's text (or a photo with a caption). Members see it exactly as you type it.
campaign-text-missing = Please send some text (a photo needs a caption).
campaign-ask-segment = Who should receive it? (Only members who accepted offers.)
btn-segment-all = Everyone who accepted offers
btn-segment-inactive = Inactive for N days
btn-segment-birthday_month = Birthday in a month
btn-segment-joined_since = Joined since a date
campaign-ask-days = Inactive for how many days? (e.g. 30)
campaign-ask-month = Birthday in which month? Send its number, 1 to 12.
campaign-ask-since = Joined since which date? e.g. { $example }
campaign-audience = 👥 This campaign reaches <b>{ $count }</b> members. The preview is above.
btn-campaign-now = 🚀 Send now
btn-campaign-schedule = 🕒 Schedule
btn-campaign-drop = ✖️ Discard
campaign-dropped = Campaign discarded.
campaign-ask-when = When should it go out? Send date and time, e.g. { $example }
campaign-when-invalid = Please send a future date and time, e.g. { $example }
campaign-queued = ✅ Campaign #{ $id } is on its way. Follow it with /campaigns.
campaign-scheduled = ✅ Campaign #{ $id } will go out at { $when }. Follow it with /campaigns.
campaigns-empty = No campaigns yet. Start one with /campaign.
campaigns-title = 📣 <b>Campaigns</b>
campaigns-line = #{ $id } · { $status } · { $when } · sent { $sent }, failed { $failed }, blocked { $blocked }, waiting { $pending }
    “{ $text }”
campaign-status-draft = draft
campaign-status-scheduled = scheduled
campaign-status-sending = sending
campaign-status-done = done
campaign-status-cancelled = stopped
btn-campaign-stop = ⏹ Stop #{ $id }
campaign-stopped = Campaign stopped.
campaign-already-ended = That campaign had already ended.

## Statistics: satisfaction
stats-nps = ⭐ NPS: <b>{ $score }</b> ({ $answers } answers)
stats-nps-trend = ⭐ NPS: <b>{ $score }</b> ({ $answers } answers; { $trend } since the period before)
stats-nps-none = ⭐ NPS: no answers yet in this period.

## Linking the other messenger (/link)
cmd-link = Use my membership on my other messenger
platform-telegram = Telegram
platform-bale = Bale
link-code = 🔗 To use your membership on { $other } too, open the club's bot there and send this within { $minutes } minutes:
    <code>/link { $code }</code>
    The code works only once.
link-ask-code = Already a member on another messenger? Send /link followed by the code the club's bot gave you there, e.g. <code>/link ABCD2345</code>.
link-done = ✅ This account now uses membership no. <b>{ $number }</b>. Balance: <b>{ $balance }</b> points.
error-link-code-invalid = That code is wrong, expired or already used. Get a new one with /link on your other messenger.
error-link-too-many = Too many wrong codes. Please try again in 10 minutes.
error-link-already-member = This account already has its own membership, and two memberships cannot be merged. Please ask the shop.
error-link-platform-taken = Your membership already has an account on this messenger.

## Hardening: a busy database, voucher guessing, what an export shows
error-database-busy = ⏳ The club is very busy right now and this was not saved. Please send it again in a moment.
error-voucher-too-many = Too many unknown voucher codes from this account. Please try again in 10 minutes.
export-members-masked = Phone numbers are masked: only the owner's export has them in full.
