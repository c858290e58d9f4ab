# Bashgah — Turkish (Türkçe). Every key here exists in en.ftl and fa.ftl with the same placeholders (tests check).
# Texts are sent as HTML on Telegram: only <b>, <i>, <code> are used; placeholders are escaped by the bot.

## Menu (reply keyboard) and commands
menu-card = 💳 Kartım
menu-balance = 💰 Bakiyem
menu-rewards = 🎁 Ödüller
menu-history = 📜 Geçmiş
menu-invite = 🤝 Arkadaş davet et
menu-settings = ⚙️ Ayarlar
menu-support = 💬 Destek
menu-help = ❓ Yardım
cmd-start = Kulübe katıl veya menüyü göster
cmd-card = Kulüp kartım ve QR kodum
cmd-balance = Puanlarım
cmd-history = Puan geçmişim
cmd-rewards = Alabileceğim ödüller
cmd-invite = Arkadaşlarımı davet edip puan kazan
cmd-settings = Dil, kampanyalar, doğum günü, verilerim
cmd-support = Mağazaya yaz
cmd-help = Kulüp nasıl işler?
cmd-language = Dili değiştir
cmd-cancel = Yaptığım işlemi durdur

## Signup
signup-welcome = <b>{ $club }</b> ailesine hoş geldiniz! 🎉
    Her alışverişte puan kazanmak ve puanlarınızı ödüllere dönüştürmek için kulübümüze katılın.
    Önce dilinizi seçin:
signup-phone = Lütfen aşağıdaki düğmeyle telefon numaranızı paylaşın. Kasiyer kartınızı bu numarayla bulur.
signup-phone-use-button = Lütfen “Telefon numaramı paylaş” düğmesini kullanın; elle yazılan numaralar kabul edilmez.
signup-phone-not-yours = Bu kişi kartı size ait değil. Lütfen aşağıdaki düğmeyle kendi numaranızı paylaşın.
signup-phone-invalid = Bu telefon numarası geçerli görünmüyor. Lütfen düğmeyle kendi numaranızı paylaşın.
signup-name = Size nasıl hitap edelim? Aşağıdan adınıza dokunun ya da başka bir ad yazın.
signup-name-invalid = Lütfen 1 ile { $max } karakter arasında bir ad yazın.
signup-birthday = Doğum gününüz ne zaman? O gün için size bir hediyemiz var. 🎂
    { $calendar } takvimle yazın, örneğin { $example } (yıl isteğe bağlı), ya da “Atla” düğmesine dokunun.
signup-consent = Size kulüpten kampanya ve haberler gönderebilir miyiz? Bunu istediğiniz zaman Ayarlar'dan değiştirebilirsiniz.
signup-use-buttons = Lütfen aşağıdaki düğmelerle yanıt verin.
signup-done = Artık <b>{ $club }</b> üyesisiniz! Üye numaranız: <b>{ $number }</b>.
signup-bonus = 🎁 Hoş geldin hediyesi: <b>{ $points }</b> puan şimdiden kartınızda.
signup-referred = 🤝 Sizi bir arkadaşınız davet etti: { $amount } veya üzeri ilk alışverişinizde ikiniz de ek puan kazanırsınız.
signup-referral-ignored = Kullandığınız davet bağlantısı geçerli değildi, ama yine de kulübe katıldınız.
signup-menu-hint = Kartınızı, puanlarınızı ve ödülleri görmek için aşağıdaki menüyü kullanın.
signup-cancelled = Kayıt iptal edildi. Katılmak istediğinizde /start gönderin.
start-welcome-back = Tekrar hoş geldiniz, { $name }! Ne yapmak istersiniz?
start-link-member = Zaten üyesiniz; davet bağlantıları arkadaşlarınız için. İşte menünüz.
start-link-unknown = Bu bağlantı tanınmadı, ama yine de katılabilirsiniz.
join-first = Henüz üye değilsiniz. Kulübe katılmak için /start gönderin.
calendar-jalali = İran (Celali)
calendar-gregorian = Miladi
btn-share-phone = 📱 Telefon numaramı paylaş
btn-skip = Atla ⏭
btn-consent-yes = ✅ Evet, kampanyaları gönderin
btn-consent-no = Hayır, teşekkürler

## Dates
date-invalid-format = Lütfen tarihi yıl/ay/gün biçiminde yazın, örneğin 1370/05/23, ya da yalnızca ay/gün.
date-invalid-impossible = Böyle bir tarih yok. Lütfen günü ve ayı kontrol edin.
date-invalid-out_of_range = Bu yıl doğru görünmüyor. Lütfen kontrol edin.

## Card, balance, history
card-title = 💳 <b>{ $club }</b> kulüp kartı
card-number = Üye numarası: <b>{ $number }</b>
card-tier = Seviye: <b>{ $tier }</b>
card-balance = Bakiye: <b>{ $points }</b> puan
card-progress = <b>{ $tier }</b> seviyesine ulaşmak için { $amount } { $currency } daha alışveriş yapın.
card-top-tier = En üst seviyedesiniz. Teşekkür ederiz! 🌟
card-show-cashier = Ödeme yaparken bu kodu kasiyere gösterin.
balance-points = 💰 <b>{ $points }</b> puanınız var.
balance-worth = Bu, kasada { $amount } { $currency } değerinde.
balance-expiring = ⏳ { $points } puanınızın süresi önümüzdeki { $days } gün içinde doluyor. Bir ödül için kullanın!
history-title = 📜 Puan geçmişiniz (sayfa { $page } / { $pages }):
history-entry = { $date } · { $kind } · { $sign }{ $points }
history-empty = Henüz puanınız yok. İlk alışverişinizden sonra burada görünecek.
btn-newer = ◀️ Daha yeni
btn-older = Daha eski ▶️
kind-signup = Hoş geldin hediyesi
kind-purchase = Alışveriş
kind-referral = Arkadaş daveti
kind-birthday = Doğum günü hediyesi
kind-claim = Ödül alındı
kind-claim_cancel = Ödül iptal edildi
kind-adjust = Mağaza düzeltmesi
kind-expire = Süresi dolan puanlar
kind-import = Açılış bakiyesi
kind-till = Puanla ödeme
currency-IRR = Riyal

## Rewards and vouchers
rewards-title = 🎁 Ödüller (<b>{ $balance }</b> puanınız var):
rewards-empty = Şu anda alınabilecek bir ödül yok. Yakında tekrar bakın!
rewards-item = • { $title }: <b>{ $cost }</b> puan
rewards-stock = { $stock } adet kaldı
rewards-until = { $date } tarihine kadar
btn-reward = { $title } · { $cost }
btn-my-vouchers = 🎟 Kuponlarım
btn-claim-confirm = ✅ Hemen al
btn-back = ◀️ Geri
reward-confirm = <b>{ $title }</b> ödülünü <b>{ $cost }</b> puana almak istiyor musunuz? { $balance } puanınız var.
reward-claimed = 🎉 <b>{ $title }</b> artık sizin!
    Kupon kodu: <code>{ $code }</code>
    Son geçerlilik tarihi: { $until }. Bakiyeniz: { $balance } puan.
voucher-show-cashier = Bu kodu kasiyere gösterin: { $code }
vouchers-title = 🎟 Kullanılabilir kuponlarınız:
vouchers-empty = Kullanılabilir kuponunuz yok.
vouchers-item = • { $title }: <code>{ $code }</code>, son geçerlilik { $until }
btn-cancel-voucher = ❌ İptal et: { $code }
voucher-cancelled = İptal edildi: { $points } puan iade edildi.
voucher-cancelled-balance = Kupon iptal edildi; { $points } puan geri yüklendi. Bakiye: { $balance } puan.

## Invite
invite-offer = 🤝 Arkadaşlarınızı davet edin! Bir arkadaşınız bağlantınızla katılıp ilk alışverişinde { $amount } { $currency } veya üzeri harcarsa siz <b>{ $referrer }</b> puan, arkadaşınız da <b>{ $friend }</b> puan kazanır.
invite-link = Size özel bağlantınız: { $link }
invite-stats = Katılan arkadaşlar: { $joined } · alışveriş yapan: { $qualified } · kazanılan puan: { $points }
invite-share-text = Benimle { $club } kulübüne katılın, ek puan kazanın!
btn-share = 📤 Bağlantımı paylaş

## Settings
settings-title = ⚙️ <b>Ayarlar</b>
settings-language = Dil: { $language }
settings-marketing-on = Kampanya ve haberler: açık
settings-marketing-off = Kampanya ve haberler: kapalı
settings-birthday-set = Doğum günü: kayıtlı (mağaza sizin için değiştirebilir)
settings-birthday-missing = Doğum günü: girilmedi
btn-language = 🌐 Dil
btn-marketing-on = 🔔 Kampanyaları gönder
btn-marketing-off = 🔕 Kampanyaları durdur
btn-birthday = 🎂 Doğum günümü ekle
btn-delete-data = 🗑 Verilerimi sil
btn-delete-confirm = Evet, verilerimi sil
settings-choose-language = Dilinizi seçin:
settings-language-changed = Tamam! Bundan sonra sizinle Türkçe konuşacağım.
settings-saved = Kaydedildi.
settings-birthday-ask = Doğum gününüzü { $calendar } takvimle yazın, örneğin { $example } (yıl isteğe bağlı).
settings-birthday-saved = 🎂 Doğum gününüz kaydedildi. O gün görüşmek üzere!
settings-delete-ask = Bu işlem adınızı, telefon numaranızı ve doğum gününüzü siler ve üyeliğinizi sona erdirir. Puanlarınız da silinir. Emin misiniz?
settings-deleted = Verileriniz silindi. Bizimle olduğunuz için teşekkür ederiz; yeniden katılmak isterseniz /start gönderin.

## Support and help
support-ask = 💬 Mağazaya mesajınızı yazın (yalnızca metin). Vazgeçmek için /cancel gönderin.
support-invalid = Lütfen en fazla { $max } karakterlik bir mesaj yazın.
support-text-only = Lütfen mesajınızı metin olarak gönderin.
support-sent = ✅ Mesajınız gönderildi (talep #{ $ticket }). Mağaza size buradan yanıt verecek.
support-staff-note = 💬 Talep #{ $ticket }, üye { $number } ({ $name }):
    { $text }
help = ❓ <b>Kulüp nasıl işler?</b>
    Her alışverişte puan kazanırsınız: kasada kartınızı (/card) gösterin.
    Üst seviyelerde daha çok puan kazanırsınız. Puanlarınızı ödüllere harcayın (/rewards), arkadaşlarınızı davet ederek ek puan kazanın (/invite).
    /balance, /history: puanlarınız · /settings: dil, kampanyalar, doğum günü · /support: bize yazın · /cancel: durdur
help-guest = Kulübe katılmak, her alışverişte puan kazanmak ve puanlarınızı ödüllere dönüştürmek için /start gönderin.
cancelled = İptal edildi.
not-understood = Üzgünüm, bunu anlayamadım. Lütfen aşağıdaki menüyü kullanın.
button-expired = Bu düğme artık geçerli değil.

## Errors
error-generic = Üzgünüm, bu işlem gerçekleşmedi.
error-internal = Üzgünüm, bizim tarafımızda bir sorun oluştu. Lütfen biraz sonra tekrar deneyin.
error-too-fast = Çok hızlı mesaj gönderiyorsunuz. Lütfen birkaç saniye bekleyin.
error-member-not-found = Üye bulunamadı.
error-member-blocked = Bu üyelik engellenmiş. Lütfen mağazayla iletişime geçin.
error-phone-taken = Bu telefon numarası bu mesajlaşma uygulamasında zaten bir üyeye ait.
error-insufficient-points = Bunun için yeterli puanınız yok.
error-invalid-points = Bu geçerli bir puan sayısı değil.
error-reason-required = Lütfen bir neden belirtin.
error-receipt-conflict = Bu fiş daha önce başka bir alışveriş için kaydedilmiş.
error-reward-not-found = Böyle bir ödül yok.
error-reward-unavailable = Bu ödül şu anda alınamıyor.
error-out-of-stock = Üzgünüm, bu ödülün stoku tükendi.
error-claim-limit = Bu ödül için alım sınırına ulaştınız.
error-voucher-not-found = Böyle bir kupon yok.
error-voucher-used = Bu kupon zaten kullanılmış.
error-voucher-cancelled = Bu kupon iptal edilmiş.
error-voucher-expired = Bu kuponun süresi dolmuş.
error-birthday-set = Doğum gününüz zaten kayıtlı. Değiştirmek için lütfen mağazaya başvurun.

## Staff: roles and commands
cmd-purchase = Alışveriş kaydet
cmd-redeem = Kupon kodu kullan
cmd-member = Üye ara
cmd-adjust = Puan ekle veya düş (gerekçeyle)
cmd-block = Üyeyi engelle
cmd-unblock = Üyenin engelini kaldır
cmd-staff = Yöneticileri ve kasiyerleri yönet
role-owner = sahip
role-admin = yönetici
role-cashier = kasiyer
staff-refused = Üzgünüz, bu komut yalnızca mağaza çalışanları içindir.
staff-role-too-low = Üzgünüz, rolünüz bu komuta izin vermiyor.
staff-title = 👥 <b>Çalışanlar</b>
staff-line = • { $id }: { $role } { $name }
staff-usage = Kullanım: /staff · /staff add USER_ID admin|cashier [ad] · /staff remove USER_ID (herkes kimliğini /myid ile öğrenir)
staff-added = ✅ { $id } artık { $role }.
staff-removed = ✅ { $id } artık çalışan değil.
my-id = Kimliğiniz: <code>{ $id }</code>
error-not-staff = Bu kişi çalışan değil.
error-owner-fixed = Sahipler sohbette değil, kulüp dosyasında belirlenir.
error-ticket-not-found = Böyle bir talep yok.

## Staff: purchases and the till
purchase-usage = Kullanım: /purchase ÜYE TUTAR [FİŞ] (üye numarası, telefon veya kart kodu) ya da yalnızca /purchase.
purchase-ask-member = Kimin alışverişi? Üye numarasını, telefon numarasını veya kartın QR kodunun fotoğrafını gönderin.
purchase-ask-amount = Üye { $number } ({ $name }). Alışveriş tutarı nedir?
purchase-qr-unreadable = Bundan bir kod okuyamadım. Lütfen üye numarasını yazın.
purchase-confirm-large = Büyük alışveriş: { $name } için { $amount } { $currency } ({ $points } puan). Kaydedilsin mi?
btn-confirm-purchase = ✅ Kaydet
purchase-recorded = ✅ Üye { $number } ({ $name }) için alışveriş kaydedildi: { $amount } { $currency }.
    +{ $points } puan · bakiye { $balance } · seviye { $tier }
purchase-replayed = (Bu alışveriş zaten kayıtlıydı; hiçbir şey eklenmedi.)
purchase-tier-upgrade = 🎉 Üye { $tier } seviyesine yükseldi!
amount-invalid-empty = Lütfen bir tutar gönderin.
amount-invalid-not_a_number = Bu bir sayı değil. Lütfen yalnızca rakam gönderin, örn. 250000.
amount-invalid-negative = Tutar negatif olamaz.
amount-invalid-zero = Tutar sıfırdan büyük olmalıdır.
amount-invalid-decimal = Lütfen tam sayı gönderin (ondalıksız).
amount-invalid-too_large = Bu sayı çok büyük. Lütfen kontrol edin.
phone-invalid-not_a_number = Bu bir telefon numarası değil.
phone-invalid-invalid = Bu telefon numarası geçerli değil.
input-invalid-format = Bu girdi anlaşılamadı.
redeem-ask-code = Kupon kodunu (veya QR kodunun fotoğrafını) gönderin.
redeem-done = ✅ <code>{ $code }</code> kuponu üye { $number } için kullanıldı. Verin: <b>{ $title }</b>
member-ask = Hangi üye? Üye numarasını, telefon numarasını veya kartın QR kodunun fotoğrafını gönderin.
member-card = 👤 Üye { $number }: { $name }
    Telefon: { $phone } · seviye { $tier } · bakiye { $balance } puan
    Durum: { $status } · katılım { $joined }
member-status-active = etkin
member-status-blocked = engelli
member-status-deleted = silinmiş
member-purchases = Son alışverişler:
member-no-purchases = Henüz alışveriş yok.
member-purchase = • { $date }: { $amount } { $currency } (+{ $points })
adjust-usage = Kullanım: /adjust ÜYE ±PUAN GEREKÇE, örn. /adjust 1001 +50 doğum günü hediyesi
adjust-done = ✅ Üye { $number }: { $delta } puan. Bakiye { $balance }.
block-usage = Kullanım: /block ÜYE veya /unblock ÜYE.
block-done = Üye { $number } engellendi.
unblock-done = Üye { $number } yeniden etkin.
block-unchanged = Üye { $number } için hiçbir şey değişmedi.
btn-reply = ↩️ Yanıtla
support-reply-ask = #{ $ticket } numaralı talebe yanıtınızı yazın:
support-reply-sent = ✅ #{ $ticket } numaralı talebe yanıt gönderildi.
support-reply-undelivered = #{ $ticket } numaralı talebin yanıtı kaydedildi, ancak üyeye sohbetten ulaşılamıyor.

## Messages to members from the till
notify-purchase = 🛍 { $amount } { $currency } tutarındaki alışverişiniz için teşekkürler! <b>{ $points }</b> puan kazandınız. Bakiye: { $balance }.
notify-tier-upgrade = 🌟 Tebrikler! Artık <b>{ $tier }</b> seviyesindesiniz ve her alışverişte %{ $multiplier } puan kazanıyorsunuz.
notify-referral-referrer = 🤝 Arkadaşınız ilk alışverişini yaptı: <b>{ $points }</b> puan kazandınız. Teşekkürler!
notify-referral-friend = 🤝 Bir arkadaşınızın bağlantısıyla katıldığınız için hoş geldin bonusu: <b>{ $points }</b> puan.
notify-voucher-used = 🎁 <code>{ $code }</code> kuponunuz ({ $title }) kullanıldı. Afiyet olsun!
notify-adjusted = Mağaza puanlarınızı düzeltti: { $delta }. Bakiye: { $balance }. Gerekçe: { $reason }
support-reply = 💬 Mağazadan yanıt (talep #{ $ticket }):
    { $text }

## Scheduled messages (birthday, tier news, reminders) and the owner's daily summary
notice-birthday = 🎂 Doğum gününüz kutlu olsun! Hediyemiz olan <b>{ $points }</b> puan kartınıza yüklendi. Güzel bir gün dileriz!
notice-birthday-greeting = 🎂 Doğum gününüz kutlu olsun! Size güzel bir gün dileriz.
notice-tier-up = 🌟 Tebrikler! Artık <b>{ $tier }</b> üyesisiniz.
notice-tier-warning = ⏳ Seviyeler { $date } tarihinde gözden geçirilecek. <b>{ $tier }</b> seviyesinde kalmak için o tarihe kadar { $amount } { $currency } daha alışveriş yapın; aksi halde { $lower_tier } seviyesine geçersiniz.
notice-tier-down = Seviyeniz artık <b>{ $tier }</b>. { $days } gün içinde { $amount } { $currency } alışverişle yeniden <b>{ $previous_tier }</b> olursunuz.
notice-tier-nudge = 🚀 <b>{ $tier }</b> seviyesine çok yakınsınız: yalnızca { $amount } { $currency } daha alışveriş yapın.
notice-expiry = ⏳ { $points } puanınızın süresi { $date } tarihine kadar doluyor. O tarihten önce bir ödül için kullanın: /rewards
notice-winback = 👋 Sizi { $days } gündür görmedik, özledik! <b>{ $points }</b> puanınız sizi bekliyor: /rewards
summary-daily = 📊 <b>{ $date }</b>: { $members } yeni üye, { $purchases } alışveriş ({ $revenue } { $currency }), { $issued } puan verildi, { $redeemed } puan kullanıldı.

## Staff: rewards catalog
cmd-rewards_admin = Ödül kataloğunu yönet
rewards-admin-title = 🎁 <b>Ödül kataloğu</b> — değiştirmek için birine dokunun:
rewards-admin-empty = Katalog boş. İlk ödülü ekleyin:
rewards-admin-active = etkin
rewards-admin-paused = ⏸ durduruldu
btn-reward-add = ➕ Ödül ekle
btn-reward-pause = ⏸ Durdur
btn-reward-resume = ▶️ Devam ettir
btn-reward-cost = Bedel
btn-reward-stock = Stok
btn-reward-per_member_limit = Üye başına sınır
btn-reward-valid_until = Geçerlilik sonu
btn-reward-voucher_days = Kupon günleri
btn-reward-title = Başlık
reward-detail = 🎁 <b>{ $title }</b>
    Bedel: { $cost } puan · stok: { $stock } · üye başına: { $limit }
    Son gün: { $until } · kuponlar { $days } gün geçerli · { $status }
reward-ask-title = Ödülün başlığı: tüm diller için tek başlık ya da “Farsça | İngilizce | Türkçe”.
reward-ask-cost = Kaç puan?
reward-ask-stock = Kaç adet var? Bir sayı gönderin ya da sınırsız için “-”.
reward-ask-per_member_limit = Bir üye kaç kez alabilir? Bir sayı gönderin ya da sınırsız için “-”.
reward-ask-valid_until = Alınabileceği son gün, örn. { $example }; ya da bitiş yoksa “-”.
reward-ask-voucher_days = Kupon alındıktan sonra kaç gün geçerli?
reward-added = ✅ Ödül eklendi.
saved = Kaydedildi.
error-reward-value = Bu değer bu alan için geçerli değil.

## Staff: statistics and exports
cmd-stats = Kulüp istatistikleri ve grafik
cmd-export = Üyeleri veya puan defterini CSV olarak indir
stats-choose = 📊 Hangi dönemin istatistikleri?
stats-usage = Kullanım: /stats · /stats hafta|ay|yıl · /stats 90 (son 90 gün)
stats-period-week = Bu hafta
stats-period-month = Bu ay
stats-period-30d = Son 30 gün
stats-period-year = Bu yıl
stats-period-days = Son { $days } gün
stats-title = 📊 <b>{ $period }</b> ({ $since } – { $until })
stats-members = 👥 Üyeler: <b>{ $members }</b> · dönemde yeni: { $new } · bu hafta yeni: { $week }
stats-active = 🔥 Aktif: 30 günde { $active30 } · 90 günde { $active90 }
stats-points = ⭐ Verilen puan: { $issued } · harcanan: { $redeemed } ({ $rate }) · süresi dolan: { $expired }
stats-liability = 💰 Bekleyen: { $outstanding } puan = { $liability } { $currency }
stats-purchases = 🛒 Alışverişler: { $purchases } · { $revenue } { $currency } · alıcılar: { $buyers } · tekrar alan: { $repeat }
stats-basket = • { $tier }: { $purchases } alışveriş, ortalama { $average } { $currency }
stats-referrals = 🤝 Davetler: { $referrals } · hak kazanan: { $qualified } ({ $conversion })
stats-campaigns = 📣 Kampanyalar: { $campaigns } · ulaşan mesaj: { $sent }
chart-title = Kulüp istatistikleri: { $period }
chart-new-members-weekly = Haftalık yeni üyeler
chart-new-members-daily = Günlük yeni üyeler
chart-points = Verilen ve harcanan puanlar
chart-issued = Verilen
chart-redeemed = Harcanan
chart-by-tier = Seviyeye göre alışverişler
export-choose = 📄 Hangi dosyayı istiyorsunuz?
export-usage = Kullanım: /export members · /export ledger [hafta|ay|yıl|90]
export-btn-members = 👥 Üyeler
export-btn-ledger = 📒 Puan defteri: { $period }
export-progress = ⏳ Dosya hazırlanıyor… şimdiye kadar { $rows } satır.
export-progress-done = ✅ Tamam: { $rows } satır.
export-members-caption = 👥 Üyeler: { $rows } satır (UTF-8 CSV, Excel'de açılır).
export-ledger-caption = 📒 Puan defteri, { $period } ({ $since } – { $until }): { $rows } kayıt (UTF-8 CSV).

## Paying with points, and feedback
cmd-pay = Üyenin puanlarıyla öde (üye onaylar)
pay-usage = Kullanım: /pay ÜYE PUAN TUTAR [FİŞ], örn. /pay 1001 100 500000 ya da yalnızca /pay.
pay-ask-points = Üye { $number } için { $balance } puan var. Kaç puan harcansın?
pay-ask-amount = Alışverişin toplam tutarı nedir?
btn-pay-yes = ✅ Evet, puanlarımla öde
btn-pay-no = ❌ Hayır
pay-confirm-ask = 💳 Mağaza, { $amount } { $currency } tutarındaki alışverişinizden <b>{ $points }</b> puan ({ $discount } { $currency }) düşmek istiyor. Kabul ediyor musunuz? Bu istek { $minutes } dakika geçerlidir.
pay-waiting = ⏳ Üye { $number } için { $points } puanın onayı istendi ({ $minutes } dakika geçerli). Yanıtı burada göreceksiniz.
pay-unreachable = Üye { $number } sohbetten ulaşılamıyor, bu yüzden onaylayamaz. Lütfen alışverişi puansız kaydedin.
pay-declined = Reddettiniz; hiç puan düşülmedi.
pay-done = ✅ { $points } puanla ödendi: { $discount } { $currency } indirim. Bakiye: { $balance }.
pay-cashier-declined = ❌ Üye { $number } puanla ödemeyi reddetti.
pay-cashier-confirmed = ✅ Üye { $number } { $points } puanı onayladı: { $discount } { $currency } düşün; ödenecek: { $paid } { $currency }. Kaydedildi.
feedback-ask = Bizi bir arkadaşınıza önerme olasılığınız nedir? (0 = hiç, 10 = çok yüksek)
feedback-thanks = Yanıtınız için teşekkürler!
error-payment-not-found = Böyle bir ödeme isteği yok.
error-payment-expired = Bu ödeme isteğinin süresi doldu. Kasiyer yeniden isteyebilir.
error-payment-closed = Bu ödeme isteği zaten yanıtlandı.
error-discount-too-large = Bu puanların değeri alışveriş tutarından fazla.
error-points-payment-off = Bu kulüp puanla ödeme sunmuyor.
error-invalid-score = Bu yanıt geçerli değil.

## Staff: campaigns
cmd-campaign = Üyelere kampanya gönder
cmd-campaigns = Kampanyalar ve gönderim durumu
campaign-ask-text = 📣 Kampanya metnini (veya açıklamalı bir fotoğraf) gönderin. Üyeler onu tam yazdığınız gibi görür.
campaign-text-missing = Lütfen bir metin gönderin (fotoğrafın açıklaması olmalı).
campaign-ask-segment = Kimler alsın? (Yalnızca teklifleri kabul eden üyeler.)
btn-segment-all = Teklifleri kabul eden herkes
btn-segment-inactive = N gündür etkin olmayanlar
btn-segment-birthday_month = Doğum günü bir ayda olanlar
btn-segment-joined_since = Bir tarihten beri katılanlar
campaign-ask-days = Kaç gündür etkin değil? (örn. 30)
campaign-ask-month = Doğum günü hangi ayda? 1 ile 12 arasında ay numarasını gönderin.
campaign-ask-since = Hangi tarihten beri katılanlar? örn. { $example }
campaign-audience = 👥 Bu kampanya <b>{ $count }</b> üyeye ulaşır. Önizleme yukarıda.
btn-campaign-now = 🚀 Şimdi gönder
btn-campaign-schedule = 🕒 Zamanla
btn-campaign-drop = ✖️ Vazgeç
campaign-dropped = Kampanyadan vazgeçildi.
campaign-ask-when = Ne zaman gönderilsin? Tarih ve saat gönderin, örn. { $example }
campaign-when-invalid = Lütfen ileri bir tarih ve saat gönderin, örn. { $example }
campaign-queued = ✅ #{ $id } numaralı kampanya yolda. /campaigns ile takip edin.
campaign-scheduled = ✅ #{ $id } numaralı kampanya { $when } zamanında gönderilecek. /campaigns ile takip edin.
campaigns-empty = Henüz kampanya yok. /campaign ile başlayın.
campaigns-title = 📣 <b>Kampanyalar</b>
campaigns-line = #{ $id } · { $status } · { $when } · gönderilen { $sent }, başarısız { $failed }, engelli { $blocked }, bekleyen { $pending }
    “{ $text }”
campaign-status-draft = taslak
campaign-status-scheduled = zamanlandı
campaign-status-sending = gönderiliyor
campaign-status-done = tamamlandı
campaign-status-cancelled = durduruldu
btn-campaign-stop = ⏹ #{ $id } durdur
campaign-stopped = Kampanya durduruldu.
campaign-already-ended = O kampanya zaten bitmişti.

## Statistics: satisfaction
stats-nps = ⭐ NPS: <b>{ $score }</b> ({ $answers } yanıt)
stats-nps-trend = ⭐ NPS: <b>{ $score }</b> ({ $answers } yanıt; önceki döneme göre { $trend })
stats-nps-none = ⭐ NPS: bu dönemde henüz yanıt yok.

## Diğer mesajlaşma uygulamasını bağlama (/link)
cmd-link = Üyeliğimi diğer mesajlaşma uygulamamda kullan
platform-telegram = Telegram
platform-bale = Bale
link-code = 🔗 Üyeliğinizi { $other } üzerinde de kullanmak için oradaki kulüp botunu açın ve { $minutes } dakika içinde şunu gönderin:
    <code>/link { $code }</code>
    Kod yalnızca bir kez çalışır.
link-ask-code = Başka bir mesajlaşma uygulamasında zaten üye misiniz? Oradaki kulüp botunun verdiği kodla birlikte /link gönderin, örneğin <code>/link ABCD2345</code>.
link-done = ✅ Bu hesap artık <b>{ $number }</b> numaralı üyeliği kullanıyor. Bakiye: <b>{ $balance }</b> puan.
error-link-code-invalid = Bu kod yanlış, süresi dolmuş ya da daha önce kullanılmış. Diğer uygulamada /link ile yeni bir kod alın.
error-link-too-many = Çok fazla yanlış kod girildi. Lütfen 10 dakika sonra tekrar deneyin.
error-link-already-member = Bu hesabın zaten kendi üyeliği var ve iki üyelik birleştirilemez. Lütfen mağazaya danışın.
error-link-platform-taken = Üyeliğinizin bu mesajlaşma uygulamasında zaten bir hesabı var.

## Hardening: a busy database, voucher guessing, what an export shows
error-database-busy = ⏳ Kulüp şu anda çok yoğun ve bu işlem kaydedilmedi. Lütfen biraz sonra tekrar gönderin.
error-voucher-too-many = Bu hesaptan çok fazla geçersiz kupon kodu girildi. Lütfen 10 dakika sonra tekrar deneyin.
export-members-masked = Telefon numaraları gizlendi: numaraların tamamı yalnızca kulüp sahibinin dışa aktarımında bulunur.
