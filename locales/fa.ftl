# Bashgah — Persian (فارسی). Every key here exists in en.ftl and tr.ftl with the same placeholders (tests check).
# Texts are sent as HTML on Telegram: only <b>, <i>, <code> are used; placeholders are escaped by the bot.

## Menu (reply keyboard) and commands
menu-card = 💳 کارت من
menu-balance = 💰 امتیازهای من
menu-rewards = 🎁 جایزه‌ها
menu-history = 📜 تاریخچه
menu-invite = 🤝 دعوت از دوستان
menu-settings = ⚙️ تنظیمات
menu-support = 💬 پشتیبانی
menu-help = ❓ راهنما
cmd-start = عضویت در باشگاه یا نمایش منو
cmd-card = کارت باشگاه و کد QR من
cmd-balance = امتیازهای من
cmd-history = تاریخچهٔ امتیازهای من
cmd-rewards = جایزه‌هایی که می‌توانم بگیرم
cmd-invite = دعوت از دوستان و گرفتن امتیاز
cmd-settings = زبان، پیشنهادها، تولد، اطلاعات من
cmd-support = پیام به فروشگاه
cmd-help = باشگاه چطور کار می‌کند
cmd-language = تغییر زبان
cmd-cancel = لغو کار فعلی

## Signup
signup-welcome = به <b>{ $club }</b> خوش آمدید! 🎉
    عضو باشگاه ما شوید تا با هر خرید امتیاز بگیرید و امتیازهایتان را به جایزه تبدیل کنید.
    اول زبان خود را انتخاب کنید:
signup-phone = لطفاً شماره موبایل خود را با دکمهٔ زیر بفرستید. صندوقدار کارت شما را با همین شماره پیدا می‌کند.
signup-phone-use-button = لطفاً از دکمهٔ «ارسال شمارهٔ من» استفاده کنید؛ شماره‌ای که تایپ شود پذیرفته نمی‌شود.
signup-phone-not-yours = این مخاطب متعلق به خود شما نیست. لطفاً شمارهٔ خودتان را با دکمهٔ زیر بفرستید.
signup-phone-invalid = این شماره معتبر به نظر نمی‌رسد. لطفاً شمارهٔ خودتان را با دکمه بفرستید.
signup-name = شما را چه صدا کنیم؟ نام خود را از پایین انتخاب کنید یا نام دیگری بنویسید.
signup-name-invalid = لطفاً نامی با حداکثر { $max } حرف بنویسید.
signup-birthday = تولدتان چه روزی است؟ برای آن روز هدیه‌ای برایتان داریم. 🎂
    آن را به تقویم { $calendar } بنویسید، مثلاً { $example } (نوشتن سال اختیاری است)، یا «رد شدن» را بزنید.
signup-consent = اجازه می‌دهید پیشنهادها و خبرهای باشگاه را برایتان بفرستیم؟ هر وقت بخواهید می‌توانید این را در تنظیمات تغییر دهید.
signup-use-buttons = لطفاً با دکمه‌های زیر پاسخ دهید.
signup-done = شما عضو <b>{ $club }</b> شدید! شمارهٔ عضویت شما <b>{ $number }</b> است.
signup-bonus = 🎁 هدیهٔ خوش‌آمد: <b>{ $points }</b> امتیاز همین حالا روی کارت شماست.
signup-referred = 🤝 یکی از دوستانتان شما را دعوت کرده است: اگر اولین خریدتان { $amount } یا بیشتر باشد، هر دو امتیاز هدیه می‌گیرید.
signup-referral-ignored = لینک دعوتی که استفاده کردید معتبر نبود، ولی عضویت شما انجام شد.
signup-menu-hint = برای دیدن کارت، امتیازها و جایزه‌ها از منوی زیر استفاده کنید.
signup-cancelled = عضویت لغو شد. هر وقت خواستید عضو شوید، /start را بفرستید.
start-welcome-back = { $name } عزیز، دوباره خوش آمدید! چه کاری می‌خواهید انجام دهید؟
start-link-member = شما از قبل عضو هستید؛ لینک‌های دعوت برای دوستانتان است. این هم منوی شما.
start-link-unknown = این لینک شناخته نشد، ولی همچنان می‌توانید عضو شوید.
join-first = شما هنوز عضو نیستید. برای عضویت در باشگاه /start را بفرستید.
calendar-jalali = جلالی (شمسی)
calendar-gregorian = میلادی
btn-share-phone = 📱 ارسال شمارهٔ من
btn-skip = رد شدن ⏭
btn-consent-yes = ✅ بله، پیشنهادها را بفرستید
btn-consent-no = نه، ممنون

## Dates
date-invalid-format = لطفاً تاریخ را به شکل سال/ماه/روز بنویسید، مثلاً ۱۳۷۰/۰۵/۲۳، یا فقط ماه/روز.
date-invalid-impossible = چنین تاریخی وجود ندارد. لطفاً روز و ماه را بررسی کنید.
date-invalid-out_of_range = سال درست به نظر نمی‌رسد. لطفاً آن را بررسی کنید.

## Card, balance, history
card-title = 💳 کارت باشگاه <b>{ $club }</b>
card-number = شمارهٔ عضویت: <b>{ $number }</b>
card-tier = سطح: <b>{ $tier }</b>
card-balance = موجودی: <b>{ $points }</b> امتیاز
card-progress = با { $amount } { $currency } خرید دیگر به سطح <b>{ $tier }</b> می‌رسید.
card-top-tier = شما در بالاترین سطح باشگاه هستید. از همراهی‌تان سپاسگزاریم! 🌟
card-show-cashier = هنگام پرداخت، این کد را به صندوقدار نشان دهید.
balance-points = 💰 شما <b>{ $points }</b> امتیاز دارید.
balance-worth = ارزش آن هنگام پرداخت { $amount } { $currency } است.
balance-expiring = ⏳ { $points } امتیاز شما در { $days } روز آینده منقضی می‌شود. از آن برای گرفتن جایزه استفاده کنید!
history-title = 📜 تاریخچهٔ امتیازهای شما (صفحهٔ { $page } از { $pages }):
history-entry = { $date } · { $kind } · { $sign }{ $points }
history-empty = هنوز امتیازی ندارید. امتیازها بعد از اولین خریدتان اینجا نمایش داده می‌شوند.
btn-newer = ◀️ جدیدتر
btn-older = قدیمی‌تر ▶️
kind-signup = هدیهٔ خوش‌آمد
kind-purchase = خرید
kind-referral = دعوت از دوست
kind-birthday = هدیهٔ تولد
kind-claim = دریافت جایزه
kind-claim_cancel = لغو جایزه
kind-adjust = اصلاح توسط فروشگاه
kind-expire = انقضای امتیاز
kind-import = موجودی اولیه
kind-till = پرداخت با امتیاز
currency-IRR = ریال

## Rewards and vouchers
rewards-title = 🎁 جایزه‌ها (شما <b>{ $balance }</b> امتیاز دارید):
rewards-empty = فعلاً جایزه‌ای برای دریافت وجود ندارد. به‌زودی دوباره سر بزنید!
rewards-item = • { $title }: <b>{ $cost }</b> امتیاز
rewards-stock = { $stock } عدد باقی مانده
rewards-until = تا { $date }
btn-reward = { $title } · { $cost }
btn-my-vouchers = 🎟 کوپن‌های من
btn-claim-confirm = ✅ دریافت جایزه
btn-back = ◀️ بازگشت
reward-confirm = <b>{ $title }</b> را با <b>{ $cost }</b> امتیاز دریافت می‌کنید؟ شما { $balance } امتیاز دارید.
reward-claimed = 🎉 <b>{ $title }</b> مال شما شد!
    کد کوپن: <code>{ $code }</code>
    معتبر تا { $until }. موجودی شما: { $balance } امتیاز.
voucher-show-cashier = این کد را به صندوقدار نشان دهید: { $code }
vouchers-title = 🎟 کوپن‌های فعال شما:
vouchers-empty = کوپن فعالی ندارید.
vouchers-item = • { $title }: <code>{ $code }</code>، معتبر تا { $until }
btn-cancel-voucher = ❌ لغو { $code }
voucher-cancelled = لغو شد: { $points } امتیاز برگشت.
voucher-cancelled-balance = کوپن لغو شد؛ { $points } امتیاز به حسابتان برگشت. موجودی: { $balance } امتیاز.

## Invite
invite-offer = 🤝 دوستانتان را دعوت کنید! وقتی دوستی با لینک شما عضو شود و در اولین خریدش { $amount } { $currency } یا بیشتر خرید کند، شما <b>{ $referrer }</b> امتیاز و دوستتان <b>{ $friend }</b> امتیاز می‌گیرید.
invite-link = لینک اختصاصی شما: { $link }
invite-stats = دوستان عضوشده: { $joined } · خرید کرده: { $qualified } · امتیاز کسب‌شده: { $points }
invite-share-text = همراه من عضو باشگاه { $club } شوید و امتیاز هدیه بگیرید!
btn-share = 📤 اشتراک‌گذاری لینک من

## Settings
settings-title = ⚙️ <b>تنظیمات</b>
settings-language = زبان: { $language }
settings-marketing-on = پیشنهادها و خبرها: روشن
settings-marketing-off = پیشنهادها و خبرها: خاموش
settings-birthday-set = تولد: ثبت شده (فروشگاه می‌تواند آن را برایتان تغییر دهد)
settings-birthday-missing = تولد: ثبت نشده
btn-language = 🌐 زبان
btn-marketing-on = 🔔 پیشنهادها را بفرستید
btn-marketing-off = 🔕 دیگر پیشنهاد نفرستید
btn-birthday = 🎂 ثبت تاریخ تولد
btn-delete-data = 🗑 حذف اطلاعات من
btn-delete-confirm = بله، اطلاعاتم حذف شود
settings-choose-language = زبان خود را انتخاب کنید:
settings-language-changed = انجام شد! از این به بعد با شما فارسی صحبت می‌کنم.
settings-saved = ذخیره شد.
settings-birthday-ask = تاریخ تولد خود را به تقویم { $calendar } بنویسید، مثلاً { $example } (نوشتن سال اختیاری است).
settings-birthday-saved = 🎂 تاریخ تولدتان ثبت شد. روز تولد منتظرتان هستیم!
settings-delete-ask = با این کار نام، شماره موبایل و تاریخ تولد شما پاک می‌شود و عضویتتان به پایان می‌رسد. امتیازهایتان هم از بین می‌رود. مطمئن هستید؟
settings-deleted = اطلاعات شما حذف شد. از همراهی‌تان سپاسگزاریم؛ اگر روزی خواستید دوباره عضو شوید، /start را بفرستید.

## Support and help
support-ask = 💬 پیام خود را برای فروشگاه بنویسید (فقط متن). برای انصراف، /cancel را بفرستید.
support-invalid = لطفاً پیامی با حداکثر { $max } حرف بنویسید.
support-text-only = لطفاً پیام خود را به صورت متن بفرستید.
support-sent = ✅ پیام شما فرستاده شد (تیکت #{ $ticket }). پاسخ فروشگاه همین‌جا به دستتان می‌رسد.
support-staff-note = 💬 تیکت #{ $ticket } از عضو { $number } ({ $name }):
    { $text }
help = ❓ <b>باشگاه چطور کار می‌کند</b>
    با هر خرید امتیاز می‌گیرید: کافی است کارت خود (/card) را به صندوقدار نشان دهید.
    در سطح‌های بالاتر امتیاز بیشتری می‌گیرید. امتیازها را برای جایزه‌ها خرج کنید (/rewards) و با دعوت از دوستان امتیاز هدیه بگیرید (/invite).
    /balance و /history: امتیازهای شما · /settings: زبان، پیشنهادها، تولد · /support: پیام به ما · /cancel: لغو
help-guest = برای عضویت در باشگاه /start را بفرستید؛ با هر خرید امتیاز بگیرید و آن را به جایزه تبدیل کنید.
cancelled = لغو شد.
not-understood = ببخشید، متوجه نشدم. لطفاً از منوی زیر استفاده کنید.
button-expired = این دکمه دیگر معتبر نیست.

## Errors
error-generic = ببخشید، انجام نشد.
error-internal = ببخشید، مشکلی از طرف ما پیش آمد. لطفاً کمی بعد دوباره امتحان کنید.
error-too-fast = پیام‌ها را خیلی سریع می‌فرستید. لطفاً چند لحظه صبر کنید.
error-member-not-found = عضوی پیدا نشد.
error-member-blocked = این عضویت مسدود شده است. لطفاً با فروشگاه تماس بگیرید.
error-phone-taken = این شماره در این پیام‌رسان قبلاً برای عضو دیگری ثبت شده است.
error-insufficient-points = امتیاز شما برای این کار کافی نیست.
error-invalid-points = تعداد امتیاز معتبر نیست.
error-reason-required = لطفاً دلیل را بنویسید.
error-receipt-conflict = این رسید قبلاً برای خرید دیگری ثبت شده است.
error-reward-not-found = چنین جایزه‌ای وجود ندارد.
error-reward-unavailable = این جایزه فعلاً در دسترس نیست.
error-out-of-stock = ببخشید، موجودی این جایزه تمام شده است.
error-claim-limit = به سقف دریافت این جایزه رسیده‌اید.
error-voucher-not-found = چنین کوپنی وجود ندارد.
error-voucher-used = این کوپن قبلاً استفاده شده است.
error-voucher-cancelled = این کوپن لغو شده است.
error-voucher-expired = اعتبار این کوپن تمام شده است.
error-birthday-set = تاریخ تولد شما قبلاً ثبت شده است. برای تغییر آن، لطفاً به فروشگاه بگویید.

## Staff: roles and commands
cmd-purchase = ثبت خرید
cmd-redeem = استفاده از کد کوپن
cmd-member = جستجوی عضو
cmd-adjust = افزودن یا کم کردن امتیاز (با دلیل)
cmd-block = مسدود کردن عضو
cmd-unblock = رفع مسدودی عضو
cmd-staff = مدیریت مدیران و صندوق‌داران
role-owner = مالک
role-admin = مدیر
role-cashier = صندوق‌دار
staff-refused = ببخشید، این دستور فقط برای کارکنان فروشگاه است.
staff-role-too-low = ببخشید، نقش شما اجازهٔ این دستور را نمی‌دهد.
staff-title = 👥 <b>کارکنان</b>
staff-line = • { $id }: { $role } { $name }
staff-usage = روش استفاده: /staff · /staff add USER_ID admin|cashier [نام] · /staff remove USER_ID (هر کس شناسهٔ خود را با /myid می‌بیند)
staff-added = ✅ { $id } اکنون { $role } است.
staff-removed = ✅ { $id } دیگر جزو کارکنان نیست.
my-id = شناسهٔ شما: <code>{ $id }</code>
error-not-staff = این شخص جزو کارکنان نیست.
error-owner-fixed = مالکان در فایل تنظیمات باشگاه تعیین می‌شوند، نه در گفتگو.
error-ticket-not-found = این تیکت وجود ندارد.

## Staff: purchases and the till
purchase-usage = روش استفاده: /purchase عضو مبلغ [شماره‌فاکتور] (شمارهٔ عضویت، تلفن یا کد کارت)، یا فقط /purchase.
purchase-ask-member = خرید چه کسی؟ شمارهٔ عضویت، شمارهٔ تلفن یا عکس کد QR کارت را بفرستید.
purchase-ask-amount = عضو { $number } ({ $name }). مبلغ خرید چقدر است؟
purchase-qr-unreadable = نتوانستم کدی از آن بخوانم. لطفاً شمارهٔ عضویت را تایپ کنید.
purchase-confirm-large = خرید بزرگ: { $amount } { $currency } برای { $name } ({ $points } امتیاز). ثبت شود؟
btn-confirm-purchase = ✅ ثبت کن
purchase-recorded = ✅ خرید برای عضو { $number } ({ $name }) ثبت شد: { $amount } { $currency }.
    +{ $points } امتیاز · موجودی { $balance } · سطح { $tier }
purchase-replayed = (این خرید قبلاً ثبت شده بود؛ چیزی اضافه نشد.)
purchase-tier-upgrade = 🎉 این عضو به سطح { $tier } ارتقا یافت!
amount-invalid-empty = لطفاً مبلغ را بفرستید.
amount-invalid-not_a_number = این عدد نیست. لطفاً فقط رقم بفرستید، مثلاً ۲۵۰۰۰۰.
amount-invalid-negative = مبلغ نمی‌تواند منفی باشد.
amount-invalid-zero = مبلغ باید بیشتر از صفر باشد.
amount-invalid-decimal = لطفاً عدد صحیح بفرستید (بدون اعشار).
amount-invalid-too_large = این عدد بیش از حد بزرگ است. لطفاً آن را بررسی کنید.
phone-invalid-not_a_number = این شمارهٔ تلفن نیست.
phone-invalid-invalid = این شمارهٔ تلفن معتبر نیست.
input-invalid-format = متوجه این ورودی نشدم.
redeem-ask-code = کد کوپن (یا عکس کد QR آن) را بفرستید.
redeem-done = ✅ کوپن <code>{ $code }</code> برای عضو { $number } استفاده شد. تحویل دهید: <b>{ $title }</b>
member-ask = کدام عضو؟ شمارهٔ عضویت، شمارهٔ تلفن یا عکس کد QR کارت را بفرستید.
member-card = 👤 عضو { $number }: { $name }
    تلفن: { $phone } · سطح { $tier } · موجودی { $balance } امتیاز
    وضعیت: { $status } · عضویت از { $joined }
member-status-active = فعال
member-status-blocked = مسدود
member-status-deleted = حذف‌شده
member-purchases = آخرین خریدها:
member-no-purchases = هنوز خریدی ثبت نشده است.
member-purchase = • { $date }: { $amount } { $currency } (+{ $points })
adjust-usage = روش استفاده: /adjust عضو ±امتیاز دلیل، مثلاً /adjust 1001 +50 هدیهٔ تولد
adjust-done = ✅ عضو { $number }: { $delta } امتیاز. موجودی { $balance }.
block-usage = روش استفاده: /block عضو یا /unblock عضو.
block-done = عضو { $number } مسدود شد.
unblock-done = عضو { $number } دوباره فعال است.
block-unchanged = برای عضو { $number } چیزی تغییر نکرد.
btn-reply = ↩️ پاسخ
support-reply-ask = پاسخ خود به تیکت #{ $ticket } را بنویسید:
support-reply-sent = ✅ پاسخ تیکت #{ $ticket } فرستاده شد.
support-reply-undelivered = پاسخ تیکت #{ $ticket } ذخیره شد، اما دسترسی به عضو در گفتگو ممکن نیست.

## Messages to members from the till
notify-purchase = 🛍 از خرید { $amount } { $currency } شما سپاسگزاریم! <b>{ $points }</b> امتیاز گرفتید. موجودی: { $balance }.
notify-tier-upgrade = 🌟 تبریک! اکنون در سطح <b>{ $tier }</b> هستید و در هر خرید { $multiplier }٪ امتیاز می‌گیرید.
notify-referral-referrer = 🤝 دوست شما اولین خریدش را انجام داد: <b>{ $points }</b> امتیاز گرفتید. سپاسگزاریم!
notify-referral-friend = 🤝 هدیهٔ پیوستن با لینک دوستتان: <b>{ $points }</b> امتیاز.
notify-voucher-used = 🎁 کوپن <code>{ $code }</code> شما ({ $title }) استفاده شد. نوش جان!
notify-adjusted = فروشگاه امتیاز شما را اصلاح کرد: { $delta }. موجودی: { $balance }. دلیل: { $reason }
support-reply = 💬 پاسخ فروشگاه (تیکت #{ $ticket }):
    { $text }

## Scheduled messages (birthday, tier news, reminders) and the owner's daily summary
notice-birthday = 🎂 تولدتان مبارک! <b>{ $points }</b> امتیاز به‌عنوان هدیهٔ ما روی کارت شما نشست. روز خوبی داشته باشید!
notice-birthday-greeting = 🎂 تولدتان مبارک! روزی پر از شادی برایتان آرزو می‌کنیم.
notice-tier-up = 🌟 تبریک! شما اکنون عضو سطح <b>{ $tier }</b> هستید.
notice-tier-warning = ⏳ سطح‌های باشگاه در تاریخ { $date } بازبینی می‌شوند. برای ماندن در سطح <b>{ $tier }</b> تا آن روز { $amount } { $currency } دیگر خرید کنید؛ وگرنه به سطح { $lower_tier } می‌روید.
notice-tier-down = سطح شما اکنون <b>{ $tier }</b> است. با { $amount } { $currency } خرید در { $days } روز دوباره به سطح <b>{ $previous_tier }</b> برمی‌گردید.
notice-tier-nudge = 🚀 به سطح <b>{ $tier }</b> نزدیک شده‌اید: فقط { $amount } { $currency } خرید دیگر مانده است.
notice-expiry = ⏳ { $points } امتیاز شما تا { $date } منقضی می‌شود. تا آن روز آن را برای یک جایزه خرج کنید: /rewards
notice-winback = 👋 { $days } روز است که شما را ندیده‌ایم و دلمان برایتان تنگ شده! <b>{ $points }</b> امتیاز منتظر شماست: /rewards
summary-daily = 📊 <b>{ $date }</b>: { $members } عضو جدید، { $purchases } خرید ({ $revenue } { $currency })، { $issued } امتیاز داده شد، { $redeemed } امتیاز خرج شد.

## Staff: rewards catalog
cmd-rewards_admin = مدیریت فهرست جایزه‌ها
rewards-admin-title = 🎁 <b>فهرست جایزه‌ها</b> — برای تغییر، روی یکی بزنید:
rewards-admin-empty = فهرست خالی است. اولین جایزه را اضافه کنید:
rewards-admin-active = فعال
rewards-admin-paused = ⏸ متوقف
btn-reward-add = ➕ افزودن جایزه
btn-reward-pause = ⏸ توقف
btn-reward-resume = ▶️ ادامه
btn-reward-cost = هزینه
btn-reward-stock = موجودی انبار
btn-reward-per_member_limit = سقف برای هر عضو
btn-reward-valid_until = اعتبار تا
btn-reward-voucher_days = روزهای اعتبار کوپن
btn-reward-title = عنوان
reward-detail = 🎁 <b>{ $title }</b>
    هزینه: { $cost } امتیاز · موجودی: { $stock } · برای هر عضو: { $limit }
    اعتبار تا: { $until } · اعتبار کوپن { $days } روز · { $status }
reward-ask-title = عنوان جایزه: یک عنوان برای همهٔ زبان‌ها، یا «فارسی | English | Türkçe».
reward-ask-cost = هزینه به امتیاز؟
reward-ask-stock = چند عدد موجود است؟ یک عدد بفرستید، یا «-» برای نامحدود.
reward-ask-per_member_limit = هر عضو چند بار می‌تواند بگیرد؟ یک عدد بفرستید، یا «-» برای بدون سقف.
reward-ask-valid_until = آخرین روزی که می‌شود آن را گرفت، مثلاً { $example }؛ یا «-» برای بدون پایان.
reward-ask-voucher_days = کوپن پس از دریافت چند روز اعتبار دارد؟
reward-added = ✅ جایزه اضافه شد.
saved = ذخیره شد.
error-reward-value = این مقدار برای این مورد معتبر نیست.

## Staff: statistics and exports
cmd-stats = آمار باشگاه و نمودار
cmd-export = دریافت فایل CSV اعضا یا دفتر امتیازها
stats-choose = 📊 آمار کدام بازه را می‌خواهید؟
stats-usage = روش استفاده: /stats · /stats هفته|ماه|سال · /stats ۹۰ (۹۰ روز گذشته)
stats-period-week = این هفته
stats-period-month = این ماه
stats-period-30d = ۳۰ روز گذشته
stats-period-year = امسال
stats-period-days = { $days } روز گذشته
stats-title = 📊 <b>{ $period }</b> ({ $since } تا { $until })
stats-members = 👥 اعضا: <b>{ $members }</b> · عضو جدید در این بازه: { $new } · عضو جدید این هفته: { $week }
stats-active = 🔥 فعال: { $active30 } در ۳۰ روز · { $active90 } در ۹۰ روز
stats-points = ⭐ امتیاز داده‌شده: { $issued } · خرج‌شده: { $redeemed } ({ $rate }) · منقضی‌شده: { $expired }
stats-liability = 💰 امتیاز مانده نزد اعضا: { $outstanding } امتیاز = { $liability } { $currency }
stats-purchases = 🛒 خریدها: { $purchases } · { $revenue } { $currency } · خریداران: { $buyers } · خرید دوباره: { $repeat }
stats-basket = • { $tier }: { $purchases } خرید، میانگین { $average } { $currency }
stats-referrals = 🤝 معرفی‌ها: { $referrals } · به خرید رسیده: { $qualified } ({ $conversion })
stats-campaigns = 📣 کمپین‌ها: { $campaigns } · پیام‌های رسیده: { $sent }
chart-title = آمار باشگاه: { $period }
chart-new-members-weekly = عضو جدید در هر هفته
chart-new-members-daily = عضو جدید در هر روز
chart-points = امتیاز داده‌شده و خرج‌شده
chart-issued = داده‌شده
chart-redeemed = خرج‌شده
chart-by-tier = خریدها به تفکیک سطح
export-choose = 📄 کدام فایل را می‌خواهید؟
export-usage = روش استفاده: /export members · /export ledger [هفته|ماه|سال|۹۰]
export-btn-members = 👥 اعضا
export-btn-ledger = 📒 دفتر امتیازها: { $period }
export-progress = ⏳ در حال آماده کردن فایل… تا اینجا { $rows } ردیف.
export-progress-done = ✅ آماده شد: { $rows } ردیف.
export-members-caption = 👥 اعضا: { $rows } ردیف (CSV با UTF-8، در اکسل باز می‌شود).
export-ledger-caption = 📒 دفتر امتیازها، { $period } ({ $since } تا { $until }): { $rows } ردیف (CSV با UTF-8).

## Paying with points, and feedback
cmd-pay = پرداخت با امتیاز عضو (با تأیید خود عضو)
pay-usage = روش استفاده: /pay عضو امتیاز مبلغ [شماره‌فاکتور]، مثلاً /pay 1001 100 500000، یا فقط /pay.
pay-ask-points = عضو { $number } { $balance } امتیاز دارد. چند امتیاز خرج شود؟
pay-ask-amount = مبلغ کل خرید چقدر است؟
btn-pay-yes = ✅ بله، با امتیازم پرداخت کن
btn-pay-no = ❌ خیر
pay-confirm-ask = 💳 فروشگاه می‌خواهد <b>{ $points }</b> امتیاز ({ $discount } { $currency }) از خرید { $amount } { $currency } شما کم کند. موافقید؟ این درخواست { $minutes } دقیقه اعتبار دارد.
pay-waiting = ⏳ از عضو { $number } خواستیم { $points } امتیاز را تأیید کند ({ $minutes } دقیقه اعتبار). پاسخ را همین‌جا می‌بینید.
pay-unreachable = دسترسی به عضو { $number } در گفتگو ممکن نیست و نمی‌تواند تأیید کند. لطفاً خرید را بدون امتیاز ثبت کنید.
pay-declined = شما نپذیرفتید؛ امتیازی کم نشد.
pay-done = ✅ با { $points } امتیاز پرداخت شد: { $discount } { $currency } تخفیف. موجودی: { $balance }.
pay-cashier-declined = ❌ عضو { $number } پرداخت با امتیاز را نپذیرفت.
pay-cashier-confirmed = ✅ عضو { $number } { $points } امتیاز را تأیید کرد: { $discount } { $currency } کم کنید؛ مبلغ قابل پرداخت: { $paid } { $currency }. ثبت شد.
feedback-ask = چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟ (۰ = اصلاً، ۱۰ = خیلی زیاد)
feedback-thanks = از پاسخ شما سپاسگزاریم!
error-payment-not-found = این درخواست پرداخت وجود ندارد.
error-payment-expired = مهلت این درخواست پرداخت تمام شده است. صندوق‌دار می‌تواند دوباره درخواست کند.
error-payment-closed = به این درخواست پرداخت قبلاً پاسخ داده شده است.
error-discount-too-large = ارزش این امتیازها از مبلغ خرید بیشتر است.
error-points-payment-off = این باشگاه پرداخت با امتیاز را ارائه نمی‌کند.
error-invalid-score = این پاسخ معتبر نیست.

## Staff: campaigns
cmd-campaign = ارسال کمپین به اعضا
cmd-campaigns = کمپین‌ها و وضعیت ارسال
campaign-ask-text = 📣 متن کمپین را بفرستید (یا عکسی با توضیح). اعضا آن را دقیقاً همان‌طور که می‌نویسید می‌بینند.
campaign-text-missing = لطفاً متنی بفرستید (عکس باید توضیح داشته باشد).
campaign-ask-segment = چه کسانی آن را دریافت کنند؟ (فقط اعضایی که پیشنهادها را پذیرفته‌اند.)
btn-segment-all = همهٔ کسانی که پیشنهادها را پذیرفته‌اند
btn-segment-inactive = غیرفعال در N روز اخیر
btn-segment-birthday_month = تولد در یک ماه
btn-segment-joined_since = عضویت از یک تاریخ
campaign-ask-days = چند روز غیرفعال؟ (مثلاً ۳۰)
campaign-ask-month = تولد در کدام ماه؟ شمارهٔ ماه را بفرستید، ۱ تا ۱۲.
campaign-ask-since = عضویت از چه تاریخی؟ مثلاً { $example }
campaign-audience = 👥 این کمپین به <b>{ $count }</b> عضو می‌رسد. پیش‌نمایش بالاست.
btn-campaign-now = 🚀 همین حالا ارسال کن
btn-campaign-schedule = 🕒 زمان‌بندی
btn-campaign-drop = ✖️ رها کن
campaign-dropped = کمپین رها شد.
campaign-ask-when = کی ارسال شود؟ تاریخ و ساعت را بفرستید، مثلاً { $example }
campaign-when-invalid = لطفاً تاریخ و ساعتی در آینده بفرستید، مثلاً { $example }
campaign-queued = ✅ کمپین #{ $id } در راه است. وضعیتش را با /campaigns ببینید.
campaign-scheduled = ✅ کمپین #{ $id } در { $when } ارسال می‌شود. وضعیتش را با /campaigns ببینید.
campaigns-empty = هنوز کمپینی نیست. با /campaign شروع کنید.
campaigns-title = 📣 <b>کمپین‌ها</b>
campaigns-line = #{ $id } · { $status } · { $when } · ارسال‌شده { $sent }، ناموفق { $failed }، مسدود { $blocked }، در انتظار { $pending }
    «{ $text }»
campaign-status-draft = پیش‌نویس
campaign-status-scheduled = زمان‌بندی‌شده
campaign-status-sending = در حال ارسال
campaign-status-done = انجام‌شده
campaign-status-cancelled = متوقف‌شده
btn-campaign-stop = ⏹ توقف #{ $id }
campaign-stopped = کمپین متوقف شد.
campaign-already-ended = آن کمپین قبلاً تمام شده بود.

## Statistics: satisfaction
stats-nps = ⭐ شاخص رضایت (NPS): <b>{ $score }</b> ({ $answers } پاسخ)
stats-nps-trend = ⭐ شاخص رضایت (NPS): <b>{ $score }</b> ({ $answers } پاسخ؛ { $trend } نسبت به دورهٔ قبل)
stats-nps-none = ⭐ شاخص رضایت (NPS): هنوز در این دوره پاسخی نیامده است.

## پیوند پیام‌رسان دیگر (/link)
cmd-link = استفاده از عضویتم در پیام‌رسان دیگر
platform-telegram = تلگرام
platform-bale = بله
link-code = 🔗 برای استفاده از همین عضویت در { $other }، ربات باشگاه را آنجا باز کنید و تا { $minutes } دقیقهٔ دیگر این را بفرستید:
    <code>/link { $code }</code>
    این کد فقط یک بار کار می‌کند.
link-ask-code = در پیام‌رسان دیگری عضو باشگاه هستید؟ /link را همراه کدی که ربات باشگاه آنجا به شما داده بفرستید؛ مثلاً <code>/link ABCD2345</code>.
link-done = ✅ این حساب حالا به عضویت شمارهٔ <b>{ $number }</b> وصل است. موجودی: <b>{ $balance }</b> امتیاز.
error-link-code-invalid = این کد اشتباه است، منقضی شده یا قبلاً استفاده شده. با /link در پیام‌رسان دیگرتان کد تازه بگیرید.
error-link-too-many = تعداد کدهای اشتباه زیاد شد. لطفاً ۱۰ دقیقهٔ دیگر دوباره امتحان کنید.
error-link-already-member = این حساب خودش عضویت جداگانه دارد و دو عضویت را نمی‌شود یکی کرد. لطفاً با فروشگاه تماس بگیرید.
error-link-platform-taken = عضویت شما همین حالا در این پیام‌رسان یک حساب دارد.

## Hardening: a busy database, voucher guessing, what an export shows
error-database-busy = ⏳ باشگاه همین حالا خیلی شلوغ است و این کار ثبت نشد. لطفاً چند لحظهٔ دیگر دوباره بفرستید.
error-voucher-too-many = از این حساب کدهای کوپن نامعتبر زیادی وارد شد. لطفاً ۱۰ دقیقهٔ دیگر دوباره امتحان کنید.
export-members-masked = شماره‌های تلفن پوشانده شده‌اند؛ فقط خروجی مالک باشگاه شماره‌ها را کامل دارد.
