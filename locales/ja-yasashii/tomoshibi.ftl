# 灯 Tomoshibi — やさしい 日本語
# みじかい 文、よく つかう ことば。漢字には（ ）で よみがなを つけます。

window-title = 灯（ともしび） — { $screen }
back = もどる

## ようこそ
welcome-title = ようこそ、灯（ともしび）へ
welcome-intro = 見（み）やすさと 声（こえ）を えらんで ください。えらぶと すぐ かわります。あとで「せってい」で かえる ことも できます。
welcome-start = 本（ほん）を よむ

## 本だな
bookshelf-title = 本（ほん）だな
bookshelf-empty = 本（ほん）だなに 本（ほん）は まだ ありません。
bookshelf-next = 図書館（としょかん）で かりた 本（ほん）が ここに ならびます。字（じ）を 大（おお）きく したい ときは、「せってい」を ひらいて ください。色（いろ）や 声（こえ）も「せってい」で かえられます。キーの つかいかたは F1 キーで 見（み）られます。
bookshelf-open-settings = せってい
bookshelf-open-help = ヘルプ：キーの つかいかた
bookshelf-quit = 灯（ともしび）を おわる

## せってい
settings-title = せってい
settings-intro = かえると すぐに かわります。じどうで のこります。
reading-sample = この 大（おお）きさの 見本（みほん）：灯（ともしび）は 本（ほん）を よむ ときの あかりです。

## ヘルプ
help-title = ヘルプ：キーの つかいかた
help-intro = Tab キーで つぎへ、Shift+Tab キーで まえへ いきます。Enter キーか スペースキーで えらびます。Escape キーで まえの がめんに もどります。
help-row = { $keys }：{ $action }

## せっていの こうもく
percent = { $value } パーセント
pref-language = ことば
pref-ui-scale = がめんの 大（おお）きさ
pref-ui-scale-help = ぜんぶを 大（おお）きく します。Ctrl+プラスと Ctrl+マイナスも つかえます。
pref-reading-size = 本（ほん）の 字（じ）の 大（おお）きさ
pref-line-spacing = 本（ほん）の 行（ぎょう）の あいだ
pref-line-length = 本（ほん）の 1 行（ぎょう）の ながさ
characters = { $value } 字（じ）
pref-theme = 色（いろ）
pref-font = 字（じ）の かたち
pref-voicing = 声（こえ）で よむ
pref-voicing-help = じどう：スクリーンリーダーを つかって いない ときに、声（こえ）で よみます。
theme-light = ふつう（あかるい）
theme-dark = ふつう（くらい）
theme-white-on-black = 見（み）やすい 色（いろ）：くろに しろ
theme-yellow-on-black = 見（み）やすい 色（いろ）：くろに きいろ
theme-black-on-white = 見（み）やすい 色（いろ）：しろに くろ
theme-black-on-cream = 見（み）やすい 色（いろ）：クリームに くろ
font-automatic = じどう（にほんごは BIZ UD ゴシック、えいごは Atkinson Hyperlegible）
font-biz-ud-gothic = BIZ UD ゴシック
font-atkinson = Atkinson Hyperlegible
font-open-dyslexic = OpenDyslexic
voicing-automatic = じどう
voicing-on = いつも よむ
voicing-off = よまない

## 声で よむ とき
state-on = オン
state-off = オフ
spoken-button = { $name }、ボタン
spoken-toggle = { $name }、チェック、{ $state }
spoken-slider = { $name }、{ $value }、スライダー
spoken-progress = { $name }、{ $value }、すすみぐあい
spoken-choice = { $name }、{ $option }、{ $count } この うち { $position } ばんめ
spoken-choice-changed = { $option }、{ $count } この うち { $position } ばんめ
spoken-list-item = { $name }、{ $count } この うち { $position } ばんめ

## おしらせ
announce-ui-scale = がめんの 大（おお）きさ { $value } パーセント
announce-theme = 色（いろ）：{ $theme }
announce-voicing = 声（こえ）で よむ：{ $mode }
notice-settings-damaged = せっていの ファイルが こわれて いました。ふつうの せっていで はじめました。ふるい ファイルは「.broken」を つけて のこして あります。
notice-settings-unsaved = せっていを のこせませんでした。灯（ともしび）を おわるまでは つかえます。ディスクが いっぱいで ないか 見（み）て ください。
notice-speech-unavailable = この パソコンでは 声（こえ）が でません。ほかの ことは ぜんぶ できます。声（こえ）が ほしい ときは、speech-dispatcher を 入（い）れて ください。スクリーンリーダーも つかえます。

## キーの なまえ
key-ctrl = Ctrl
key-alt = Alt
key-shift = Shift
key-plus = プラス
key-minus = マイナス
key-comma = カンマ
key-escape = Escape
key-tab = Tab
key-enter = Enter
key-space = スペース
key-up = うえ やじるし
key-down = した やじるし
key-left = ひだり やじるし
key-right = みぎ やじるし
key-page-up = Page Up
key-page-down = Page Down
key-home = Home
key-end = End
key-backspace = Backspace

## できる こと
cmd-help = この ヘルプを ひらく
cmd-back = まえの がめんに もどる
cmd-settings = せっていを ひらく
cmd-bookshelf = 本（ほん）だなへ いく
cmd-zoom-in = 大（おお）きく する
cmd-zoom-out = 小（ちい）さく する
cmd-zoom-reset = がめんの 大（おお）きさを 100 パーセントに もどす
cmd-next-theme = つぎの 色（いろ）に する
cmd-toggle-voicing = 声（こえ）で よむ／よまない
cmd-stop-speech = 声（こえ）を とめる
cmd-where-am-i = いま どこ？：がめんと えらんで いる ものを もう いちど よむ
cmd-focus-next = つぎへ
cmd-focus-previous = まえへ
cmd-quit = 灯（ともしび）を おわる
keys-activate = Enter か スペース
keys-arrows-list = うえと した の やじるし
keys-arrows-adjust = ひだりと みぎ の やじるし
keys-page-adjust = Page Up と Page Down
keys-home-end = Home と End
cmd-activate = えらんで いる ボタンを おす
cmd-arrows-list = リストの なかを うごく／えらぶ ものを かえる
cmd-arrows-adjust = えらぶ ものや スライダーを かえる
cmd-page-adjust = スライダーを 大（おお）きく かえる
cmd-home-end = いちばん はじめ か いちばん さいごへ

## 本を よむ がめん
spoken-heading = { $name }、見出（みだ）し { $level }
reader-empty = この 本（ほん）には 字（じ）が ありません。
reader-heading-line = { $percent }% · { $title }
reader-back = 本（ほん）だなに もどる
reader-progress = ぜんぶの { $percent } パーセント
reader-page = { $label } ページ
reader-image = え：{ $alt }
reader-no-heading = もう 見出（みだ）しは ありません。
reader-no-page = もう ページは ありません。
reader-copied = ぶんを コピー しました（{ $count } もじ）。
reader-nothing-to-copy = ここには コピー できる もじが ありません。
reader-at-start = 本（ほん）の はじめです。
reader-at-end = 本（ほん）の おわりです。
reader-level-set = 見出（みだ）し：レベル { $level }
reader-level-any-set = 見出（みだ）し：ぜんぶ
bookshelf-count = 本（ほん）だなに { $count } さつ あります。本（ほん）を えらんで Enter キーを おして ください。
bookshelf-book = { $title }、{ $authors }、{ $format }、{ $percent } パーセント よんだ
open-failed = 本（ほん） { $path } を ひらけません：{ $reason }。EPUB か DAISY の 本（ほん）か どうか 見（み）て ください。
notice-shelf-damaged = 本（ほん）だなの ファイルが こわれて いました。あたらしい 本（ほん）だなを つくりました。本（ほん）の ファイルは だいじょうぶです。
notice-shelf-unavailable = いま 本（ほん）だなを ひらけません。本（ほん）の きろくは のこりません。
notice-position-unsaved = よんで いる ところを のこせませんでした。ディスクを 見（み）て ください。
rcmd-next-unit = つぎの だんらく
rcmd-previous-unit = まえの だんらく
rcmd-next-heading = つぎの 見出（みだ）し
rcmd-previous-heading = まえの 見出（みだ）し
rcmd-next-page = つぎの ページ
rcmd-previous-page = まえの ページ
rcmd-start = 本（ほん）の はじめへ
rcmd-end = 本（ほん）の おわりへ
rcmd-level-any = どの 見出（みだ）しでも うごく
rcmd-level = ひとつの レベルの 見出（みだ）しで うごく（1〜6）
help-reader-keys = 本（ほん）を よむ ときは：

rcmd-scroll = 本（ほん）の 字（じ）を 下（した）へ うごかす（Shift+スペースで 上（うえ）へ）
rcmd-contents = もくじ
rcmd-landmarks = だいじな ばしょ（本文（ほんぶん）の はじめ、もくじ など）
navigate-landmarks = だいじな ばしょ
navigate-landmarks-empty = この 本（ほん）には だいじな ばしょの しるしが ありません。
navigate-links = ここの リンク
navigate-links-empty = ここには リンクが ありません。
rcmd-pages = ページへ いく
rcmd-add-bookmark = ここに しおりを はさむ
rcmd-bookmarks = しおりの リスト
navigate-back = 本（ほん）に もどる
navigate-contents = もくじ
navigate-contents-empty = この 本（ほん）には もくじが ありません。
navigate-pages = ページ
navigate-pages-empty = この 本（ほん）には ページの ばんごうが ありません。
navigate-bookmarks = しおり
navigate-bookmarks-empty = しおりは まだ ありません。Ctrl+D で しおりを はさめます。
reader-bookmark-added = しおりを はさみました：{ $name }
reader-bookmark-failed = しおりを のこせませんでした。ディスクを 見（み）て ください。
reader-place-missing = その ばしょは もう ありません。

open-title = 本（ほん）を ひらく
open-where = フォルダー：{ $folder }
open-up = ひとつ 上（うえ）の フォルダーへ
open-folder = { $name }（フォルダー）
open-book-item = { $name }（本（ほん））
open-recent = さいきん つかった ばしょ：{ $name }
open-nothing-here = ここには 本（ほん）も フォルダーも ありません。
bookshelf-open-book = この パソコンの 本（ほん）を ひらく
cmd-open-book = この パソコンの 本（ほん）を ひらく

search-title = 本（ほん）の なかを さがす
search-field = さがす ことば
search-found = { $count } か所 ありました。下（した）やじるしで きいて、Enter で いきます。
search-none = 「{ $query }」は この 本（ほん）に ありません。
rcmd-history-back = まえに いた ところへ もどる
rcmd-history-forward = また すすむ
reader-no-history = もどる ところも すすむ ところも ありません。
rcmd-search = 本（ほん）の なかを さがす
rcmd-copy = この ぶんを コピー する（じしょや ほんやくの アプリに はる ことが できます）
spoken-text-field = { $name }、にゅうりょく、{ $value }

## tomoshibi inspect
inspect-path = ばしょ：{ $value }
inspect-format = かたち：{ $value }
inspect-title = 本（ほん）の なまえ：{ $value }
inspect-authors = かいた 人（ひと）：{ $value }
inspect-language = ことば：{ $value }
inspect-narrator = よむ 人（ひと）：{ $value }
inspect-multimedia = DAISY の しゅるい：{ $value }
inspect-duration = じかん：{ $total }（ぜんぶで { $clips }）
inspect-rendition = ならびかた：{ $value }
inspect-access-mode = つかいかた：{ $value }
inspect-headings = 見出（みだ）し：{ $value }
inspect-counts = なかみ：ぶんしょ { $documents }、ブロック { $blocks }、もくじ { $toc }、ページ { $pages }（ページの きれめ { $breaks }）、SMIL の par { $pars }、おとの ファイル { $audio }
inspect-images = え：{ $images }（せつめい なし { $without }）、ルビ { $ruby }、ちゅう { $notes }
inspect-toc = もくじ（はじめの ほう）：
inspect-warnings = ちゅうい：
warning-missing-resource = ファイル { $href } が ありません（{ $from } から）
warning-unreadable-resource = { $href } を よめません：{ $message }
warning-missing-metadata = 「{ $field }」が からです
warning-count-mismatch = { $field } は { $declared } ですが、じっさいは { $found } です
warning-duration-mismatch = かいて ある じかん { $declared } と、ほんとうの じかん { $computed } が ちがいます

inspect-failed = 本（ほん） { $path } を よめません：{ $reason }。EPUB か DAISY の 本（ほん）か どうか 見（み）て ください。
error-no-display = 灯（ともしび）を ひらく がめんが 見（み）つかりません。デスクトップから ひらいて ください。
error-display-unreachable = 灯（ともしび）を ひらく がめん（{ $display }）が 見（み）つかりません。デスクトップから ひらいて ください。

## コマンドライン
cli-usage =
    つかいかた: tomoshibi [オプション]

    オプション:
      --measure    ウィンドウを ひらいて、はじまる 時間（じかん）と メモリーを JSON で だして おわる
      --help       この せつめいを だす
      --version    バージョンを だす
      open PATH               この 本（ほん）を ひらいて はじめる
      inspect PATH [--json]   ウィンドウを ひらかないで、本（ほん）の ないようを だす
      library feed|show URL               図書館（としょかん）の 本（ほん）を 見（み）る
      library search URL ことば           本（ほん）を さがす
      library borrow|hold|return URL --card ばんごう
                                          本（ほん）を かりる・よやく する・かえす
      library loans URL --card ばんごう   かりて いる 本（ほん）を 見（み）る
      library download URL --card ばんごう --out ファイル
                                          かりた 本（ほん）を ダウンロード する
      export-audio 本 --out ファイル.wav [--speed X] [--from 場所] [--to 場所]
                                          録音（ろくおん）の 本（ほん）の 音（おと）を 一（ひと）つの ファイルに する（はやさ 0.5〜4）
      demo-library [--port N] [--state ファイル]
                                          ためしの 図書館（としょかん）を うごかす

    かんきょう へんすう:
      TOMOSHIBI_HOME   灯（ともしび）の ファイルを ぜんぶ この フォルダーに おく
      TOMOSHIBI_LOG    ログの くわしさ（error, warn, info, debug）
      TOMOSHIBI_PIN    あんしょう ばんごう（コマンドに 書（か）かない で ください）

## 図書館（としょかん）
bookshelf-libraries = 図書館（としょかん）：本（ほん）を さがして かりる
date = { $year }年（ねん）{ $month }月（がつ）{ $day }日（にち）
libraries-title = 図書館（としょかん）
libraries-intro = 図書館（としょかん）を えらんで、Enter キーを おします。ほかの 図書館（としょかん）を ふやす ときは、アドレスを 書（か）いて Enter キーを おします。
libraries-demo = 灯（ともしび）の ためしの 図書館（としょかん）。インターネットが なくても つかえます
libraries-demo-name = 灯（ともしび）の ためしの 図書館（としょかん）
libraries-saved = { $title }、{ $url }
libraries-address = アドレス
libraries-address-hint = 図書館（としょかん）が おしえる アドレスです。れい：https://library.example/opds
libraries-add = 図書館（としょかん）を ふやす
libraries-bad-address = アドレスが ちがいます。https:// から 書（か）いて ください。
library-starting-demo = ためしの 図書館（としょかん）を ひらいて います…
library-demo-failed = ためしの 図書館（としょかん）を ひらけません でした。灯（ともしび）を もう一度（いちど） ひらいて ください。
catalog-loading = よみこみ中（ちゅう）…
catalog-offline = 図書館（としょかん）に つながりません。まえに ほぞんした ものを 見（み）せて います。
catalog-empty = ここには なにも ありません。
catalog-sections = { $count } こ あります。えらんで Enter キーを おして ください。
catalog-count = 本（ほん）が { $count } さつ あります。えらんで Enter キーを おして ください。
catalog-count-of = 本（ほん）が { $total } さつ あります。いまは { $shown } さつ 見（み）せて います。
catalog-entry = { $title }、{ $authors }、{ $format }。{ $availability }
catalog-search = 本（ほん）を さがす
catalog-search-hint = 本（ほん）の 名前（なまえ）か、書（か）いた 人（ひと）を 書（か）いて ください。
catalog-facet = { $group }：{ $facet }
catalog-facet-count = { $group }：{ $facet }、{ $count } さつ
catalog-more = 「{ $group }」を もっと 見（み）る
catalog-previous = まえの ページ
catalog-next = つぎの ページ
catalog-loans = かりて いる 本（ほん）と よやく
catalog-sign-in = ログイン
catalog-sign-out = ログアウト
format-ebook = 電子（でんし）の 本（ほん）
format-magazine = 電子（でんし）の ざっし
format-talking-book = 声（こえ）の 本（ほん）
format-unknown = わかりません
lending-open-access = だれでも よめます。
lending-loanable = かりられます。
lending-loanable-copies = かりられます。{ $total } さつの うち { $available } さつ あいて います。
lending-holdable = ほかの 人（ひと）が かりて います。よやく できます。
lending-holdable-queue = ほかの 人（ひと）が かりて います。{ $waiting } 人（にん）が まって います。
lending-held = よやく して います。
lending-held-position = よやく して います。{ $total } 人（にん）の うち { $position } ばんめです。
lending-ready = よやくの 本（ほん）が かりられます。
lending-ready-until = よやくの 本（ほん）が かりられます。{ $date }までに かりて ください。
lending-loaned = かりて います。
lending-loaned-until = { $date }まで かりて います。
lending-unavailable = この 図書館（としょかん）では つかえません。
lending-borrow-done = { $title }：{ $state }
lending-returned = { $title }を かえしました。
lending-hold-cancelled = { $title }の よやくを やめました。
lending-renewed = { $title }を ながく かりられる ように しました。
details-by = 書（か）いた 人（ひと）：{ $authors }
details-series = { $format }、{ $series } { $position }
details-borrow = かりる
details-hold = よやく する
details-download = ダウンロードして よむ
details-read = よむ
details-renew = かりる 日（ひ）を のばす
details-return = かえす
details-cancel-hold = よやくを やめる
details-busy-borrow = かりて います…
details-busy-hold = よやく して います…
details-busy-return = かえして います…
details-busy-renew = 日（ひ）を のばして います…
details-busy-cancel = よやくを やめて います…
details-busy-download = ダウンロード して います…
details-progress = ダウンロード：{ $percent } パーセント（{ $total } MB の うち { $done } MB）
details-progress-unknown = ダウンロード：{ $done } MB
library-downloaded = { $title }の ダウンロードが おわりました。ひらきます。
loans-title = かりて いる 本（ほん）と よやく
loans-summary = かりて いる 本（ほん）{ $loans } さつ、よやく { $holds } さつ。
loans-row = { $title }。{ $availability }
loans-refresh = もう一度（いちど） 見（み）る
library-no-shelf = この 図書館（としょかん）は アプリで 見（み）られません。図書館（としょかん）に きいて ください。
sign-in-title = { $library }に ログイン
sign-in-login = 図書館（としょかん）カードの ばんごう
sign-in-password = あんしょう ばんごう
sign-in-digits = すうじ だけです。
sign-in-digits-max = すうじ だけ、{ $count } けたまで。
sign-in-remember = この パソコンに あんしょう ばんごうを のこす
sign-in-remember-hint = ファイルには のこしません。みんなで つかう パソコンでは オフに して ください。
sign-in-no-keyring = あんしょう ばんごうは 灯（ともしび）を とじると きえます。
sign-in-submit = ログイン
sign-in-cancel = やめる
sign-in-busy = ログイン して います…
sign-in-preparing = ログインの じゅんびを して います…
sign-in-missing = カードの ばんごうと あんしょう ばんごうを 書（か）いて ください。
sign-in-refused = ばんごうが ちがいます。もう一度（いちど） 書（か）いて ください。
sign-in-done = ログイン しました。
sign-in-web = 図書館（としょかん）の ページで ログイン
sign-in-web-hint = ブラウザーで 図書館（としょかん）の ページを ひらきます。
sign-in-web-waiting = ブラウザーで 図書館（としょかん）の ページを ひらきました。そこで ログイン して ください。おわったら もどって きて ください。
sign-in-web-stopped = ページでの ログインを やめました。
sign-in-web-denied = ページで ログインが できませんでした。もう一度（いちど） して ください。
sign-in-web-timeout = じかんが かかりすぎました。もう一度（いちど） して ください。
sign-in-web-no-browser = ブラウザーが ひらきません。ブラウザーを えらんで ください。
sign-in-web-failed = ページで ログインが できませんでした。図書館（としょかん）に きいて ください。
sign-in-web-page-title = 灯（ともしび）
sign-in-web-page-done = ログイン しました。この まどを とじて、灯（ともしび）に もどって ください。
sign-in-web-page-failed = ログイン できませんでした。灯（ともしび）に もどって ください。
sign-out-done = ログアウト しました。あんしょう ばんごうを けしました。
library-error-offline = 図書館（としょかん）に つながりません。インターネットを 見（み）て ください。
library-error-timeout = 図書館（としょかん）から へんじが ありません。あとで もう一度（いちど） して ください。
library-error-sign-in = ログインが ひつようです。
library-error-loan-limit = もう これいじょう かりられません。1さつ かえして ください。
library-error-hold-limit = もう これいじょう よやく できません。よやくを 1つ やめて ください。
library-error-no-copies = いま あいて いる 本（ほん）は ありません。よやく して ください。
library-error-card-expired = カードの きげんが きれて います。図書館（としょかん）に きいて ください。
library-error-blocked = この カードでは かりられません。図書館（としょかん）に きいて ください。
library-error-server = 図書館（としょかん）で もんだいが ありました。あとで して ください。
library-error-server-detail = 図書館（としょかん）から：{ $detail }
library-error-not-found = この 本（ほん）は もう ありません。もどって さがして ください。
library-error-not-offered = この 本（ほん）では できません。
library-error-document = 図書館（としょかん）から よめない データが きました。あとで して ください。
library-error-setup = じゅんびが できません。灯（ともしび）を もう一度（いちど） ひらいて ください。
download-error-interrupted = ダウンロードが とまりました。もう一度（いちど） おすと つづきから します。
download-error-forbidden = ダウンロード できません。まだ かりて いるか 見（み）て ください。
download-error-corrupt = データが こわれて いました。もう一度（いちど） ダウンロード して ください。
download-error-disk = ほぞん できません。ディスクの あきを 見（み）て ください。
cli-library-card-needed = --card で カードの ばんごうを 書（か）いて ください。
cli-library-no-search = この ページでは さがせません。
cli-library-lcp = かりました。図書館（としょかん）が まもって いる 本（ほん）です（{ $id }）。「tomoshibi library download」で ダウンロード して ください。ひらく ときに あいことばを ききます。
cli-library-downloaded = { $path } に ほぞん しました（{ $bytes } バイト）。
cli-library-not-feed = { $url } は 本（ほん）1さつです。「show」を つかって ください。
cli-library-not-entry = この アドレスは 本（ほん）1さつでは ありません。
cli-library-pin-prompt = あんしょう ばんごう：{" "}
cli-library-pin-missing = あんしょう ばんごうが ありません。
cli-library-next = つぎの ページ：{ $url }
cli-demo-failed = ためしの 図書館（としょかん）を ひらけません：{ $reason }
cli-demo-running = ためしの 図書館（としょかん）：{ $url }（カード { $card }、ばんごう { $pin }）。Ctrl+C で おわります。
loans-ended = かりる 日（ひ）が おわりました：{ $titles }。本（ほん）は 図書館（としょかん）に かえりました。
loans-due-soon = もうすぐ かえす 日（ひ）です：{ $loans }。
loans-due-item = { $title }（{ $date }）
holds-ready = 予約（よやく）した 本（ほん）が かりられます：{ $holds }。
holds-ready-item = { $title }（{ $date }までに かりてください）
details-download-progress = ダウンロード
details-cancel-download = ダウンロードを やめる
details-download-cancelled = ダウンロードを やめました。パソコンには なにも のこりません。
export-done = { $path } に 書（か）き出（だ）しました：{ $minutes } 分（ふん） { $seconds } 秒（びょう）の 音（おと）です。
export-skipped = 入（はい）っていません（ファイルが ないか 読（よ）めません）：{ $href }
export-failed = 音（おと）を 書（か）き出（だ）せませんでした：{ $reason }。フォルダーが あるか、あいている 場所（ばしょ）が あるか 見（み）てください。
export-bad-place = 「{ $place }」は 本（ほん）の 場所（ばしょ）として 読（よ）めません。時間（12:30 など）、page:ページ、heading:見出（みだ）しの 番号（ばんごう）で 書（か）いてください。
export-no-page = この 本（ほん）には「{ $page }」ページが ありません。
export-no-heading = この 本（ほん）には { $number } ばんめの 見出（みだ）しが ありません。
export-past-end = { $time } は 本（ほん）の おわりより あとです。
export-no-audio = この 本（ほん）には 録音（ろくおん）した 音（おと）が ありません。ともしびで 開（ひら）くと 読（よ）み上（あ）げで 聞（き）けます。
export-backwards = おわりが はじめより 前（まえ）です。--from と --to を 入（い）れかえてください。
export-time-needs-audio = この 本（ほん）には 録音（ろくおん）が ないので、時間（じかん）では えらべません。page:ページ か heading:見出（みだ）しの 番号（ばんごう）を つかってください。
export-no-engine = この 本（ほん）を 読（よ）む 声（こえ）の ソフトが ありません（{ $reason }）。README の 準備（じゅんび）の コマンドを 使（つか）ってから、もう一度（いちど） やってください。

## まもられた 本（ほん）（Readium LCP）
passphrase-title = この 本（ほん）の あいことば
passphrase-intro = この 本（ほん）は 図書館（としょかん）が まもって います。図書館（としょかん）から きいた あいことばを 入（い）れて ください。
passphrase-hint = 図書館（としょかん）からの ヒント：{ $hint }
passphrase-hint-page = あいことばの せつめい：{ $url }
passphrase-field = あいことば
passphrase-remember = この 図書館（としょかん）の 本（ほん）の ために おぼえる
passphrase-remember-hint = あいことばは のこしません。あいことばから つくった かぎだけを この パソコンに のこします。みんなで つかう パソコンでは オフに して ください。
passphrase-submit = 本（ほん）を ひらく
passphrase-cancel = やめる
passphrase-busy = 本（ほん）を ひらいて います…
passphrase-missing = あいことばを 入（い）れて ください。
passphrase-wrong = この あいことばでは ひらけません。もう いちど 入（い）れて ください。
book-error-lcp-certified = この 本（ほん）は とくべつな アプリでしか ひらけません（Readium LCP）。Thorium Reader などで よむか、図書館（としょかん）に きいて ください。
book-error-protected = この 本（ほん）は まもられて いて ひらけません（{ $scheme }）。図書館（としょかん）に きいて ください。
book-error-passphrase-required = この 本（ほん）を ひらくには 図書館（としょかん）の あいことばが いります。
book-error-passphrase-wrong = あいことばが ちがうので ひらけません。
book-error-lcp-damaged = この 本（ほん）は こわれて います。かえして もう いちど かりるか、図書館（としょかん）に きいて ください。
cli-lcp-passphrase = TOMOSHIBI_LCP_PASSPHRASE に あいことばを 入（い）れて ください。ヒント：{ $hint }
lending-lcp-received = { $title } を かりました（図書館（としょかん）が まもって います）。ダウンロード して います…
rcmd-play-pause = 録音（ろくおん）の 音（おと）を ながす・とめる
rcmd-skip = 音（おと）を 設定（せってい）の 長（なが）さ だけ すすめる・もどす（右（みぎ）、左（ひだり））
rcmd-speed = 音（おと）を はやく・おそく（Alt+上（うえ）、Alt+下（した））
player-playing = ながしています。
player-paused = とめました。
player-no-audio = この 本（ほん）には 録音（ろくおん）が ありません。
player-speed = はやさ { $speed }
player-skipped = 音（おと）の ファイル { $href } が ないので、とばしました。
player-unspoken = この 本（ほん）には 録音（ろくおん）の ない ところが あります。コンピューターの 声（こえ）でも 読（よ）めなかったので、とばしました（{ $reason }）。README の 準備（じゅんび）の コマンドを 使（つか）ってください。
speech-engine-missing = { $engine } が 入（はい）って いません（{ $missing } が ありません）
speech-engine-unsupported = { $engine } は この ことば（{ $language }）を 読（よ）めません
speech-engine-timeout = { $engine } に 時間（じかん）が かかりすぎました
speech-engine-failed = { $engine } が うごきませんでした（{ $detail }）
player-finished = 本（ほん）の おわりです。
player-no-output = 音（おと）を 出（だ）す 機械（きかい）が ありません。字（じ）は すすみます。スピーカーか ヘッドホンを 見（み）てから、もう一度（いちど） 本（ほん）を 開（ひら）いてください。
player-time = { $elapsed } ／ { $total }
player-in-spoken-text = ここは 録音（ろくおん）が ないので、コンピューターの 声（こえ）で 読（よ）んで います。
read-aloud-started = 読（よ）み上（あ）げを はじめます。
read-aloud-failed = 読（よ）み上（あ）げが できません：{ $reason }。README の 準備（じゅんび）の コマンドを 使（つか）ってください。
read-aloud-fell-back = Open JTalk で 読（よ）めない 文（ぶん）が ありました（{ $reason }）。ほかの 声（こえ）で 読（よ）み続（つづ）けます。
rcmd-phrase = 音（おと）の つぎ・まえの ところ（Ctrl+右（みぎ）、Ctrl+左（ひだり））
rcmd-sleep = タイマー：15 分（ふん）・30 分（ぷん）・60 分（ぷん）・章（しょう）の おわり・まとまりの おわり・なし
player-no-phrase = そちらには もう ありません。
player-sleep-set = { $minutes } 分（ふん）あとに 音（おと）が とまります。
player-sleep-off = タイマーを けしました。
player-sleep-done = タイマー：音（おと）を とめました。つづけるときは Ctrl+P を おします。
pref-skip-step = 録音（ろくおん）の 本（ほん）で とばす 長（なが）さ
pref-skip-read = 読（よ）む
pref-skip-skip = とばす
pref-skip-page-numbers = 録音（ろくおん）の 本（ほん）の ページの 番号（ばんごう）
pref-skip-notes = 録音（ろくおん）の 本（ほん）の 注（ちゅう）
pref-skip-sidebars = 録音（ろくおん）の 本（ほん）の コラム
pref-skip-producer-notes = 録音（ろくおん）の 本（ほん）を 作（つく）った 人（ひと）の せつめい
seconds = { $value } 秒（びょう）
player-sleep-chapter = この 章（しょう）の おわりで とまります。
player-sleep-item = この まとまりの おわりで とまります。

pref-paragraph-spacing = 本（ほん）の だんらくの あいだ
pref-letter-spacing = 本（ほん）の 字（じ）と 字（じ）の あいだ
pref-ruby = ふりがな
ruby-above = 字（じ）の うえに ちいさく（たてがきでは みぎに）
ruby-brackets = ことばの あとに かっこで
ruby-hidden = ださない
pref-writing = 本（ほん）の 字（じ）の ならびかた
writing-book = 本（ほん）の とおり（たてがきの 本は たてがき）
writing-horizontal = いつも よこがき
writing-vertical = いつも たてがき（うえから したへ、みぎから ひだりへ）
rcmd-follow-note = ここの リンクや 注（ちゅう）へ いく（いくつも あるときは えらぶ。Alt+← で もどる）
reader-no-note = ここには 本（ほん）の なかへの リンクや 注（ちゅう）が ありません。
rcmd-leave-structure = いま 読（よ）んで いる 表（ひょう）・リスト・注（ちゅう）・コラムから 出（で）る
reader-not-in-structure = ここは 表（ひょう）や リストや 注（ちゅう）や コラムの なかでは ありません。
reader-link-note = 注（ちゅう） {$label}
rcmd-page-zoom = ページの え を 大（おお）きく・小（ちい）さく する（100～800％）
rcmd-fit-width = ページの え を がめんの はばに あわせる
rcmd-fit-page = ページ ぜんぶを みせる
rcmd-pan = 大（おお）きく した ページを うごかす
reader-zoom = ページ { $percent }％
reader-fit-width = がめんの はばに あわせました
reader-fit-page = ページ ぜんぶ
reader-zoom-largest = これより 大（おお）きく できません（800％）。
reader-zoom-whole = ページ ぜんぶを みせて います。
reader-not-pages = この 本（ほん）は ページの え の 本では ありません。
bookshelf-book-anonymous = { $title }、{ $format }、{ $percent } パーセント よんだ
font-installed = この パソコンに ある 字（じ）の かたち
pref-font-family = つかう 字（じ）の かたち
rcmd-go-to-time = 時間（じかん）を えらんで 聞（き）く
go-to-time-title = 時間（じかん）を えらぶ
go-to-time-intro = いまは { $elapsed } です。ぜんぶで { $total } です。
go-to-time-field = 時間（じかん）を 書（か）いてください（分（ふん）:秒（びょう））
go-to-time-hint = たとえば 1:30 や 1:02:03 です。数字（すうじ）だけなら 秒（びょう）です。Enter を おします。
go-to-time-go = 行（い）く
go-to-time-cancel = やめる
go-to-time-empty = 時間（じかん）を 書（か）いてください。たとえば 1:30 です。
go-to-time-unreadable = 「{ $text }」は 時間（じかん）では ありません。1:30 や 1:02:03 のように 書（か）いてください。
go-to-time-past-end = { $time } は 本（ほん）の おわりより あとです。ぜんぶで { $total } です。もっと 前（まえ）の 時間（じかん）を 書（か）いてください。
go-to-time-needs-audio = この 本（ほん）には 録音（ろくおん）が ありません。時間（じかん）では えらべません。目次（もくじ）（Ctrl+T）か ページ（Ctrl+G）を つかってください。
player-went-to-time = { $time } ／ { $total }。
player-time-missing = その 時間（じかん）の 音（おと）が ありません。ほかの 時間（じかん）に してください。
export-no-place = その 場所（ばしょ）は 本（ほん）の 中（なか）に ありません。
export-cancelled = 音（おと）の ファイルを つくるのを やめました。ファイルは のこっていません。
rcmd-save-audio = 本（ほん）を 音（おと）の ファイルに する
save-audio-title = 音（おと）の ファイルに する
save-audio-intro = 「{ $title }」を WAV の ファイルに します。ほかの 機械（きかい）で 聞（き）けます。録音（ろくおん）が ない 本（ほん）は、コンピューターの 声（こえ）で 読（よ）みます。
save-audio-span = どこを ファイルに しますか
save-audio-whole-book = 本（ほん） ぜんぶ
save-audio-to-chapter-end = ここから 章（しょう）の おわりまで
save-audio-chapter = この 章（しょう）
save-audio-speed = はやさ
save-audio-speed-value = { $speed } ばい
save-audio-file = ファイルの 名前（なまえ）
save-audio-file-hint = .wav の ファイルです。Enter を おします。
save-audio-save = ファイルに する
save-audio-progress = つくっています
save-audio-stop = やめる
save-audio-close = 本（ほん）に もどる
save-audio-started = 音（おと）の ファイルを つくっています。すこし 時間（じかん）が かかります。本（ほん）は 読（よ）めます。
save-audio-no-file = ファイルの 名前（なまえ）を 書（か）いてください。たとえば { "~/Music/book.wav" } です。
save-audio-is-folder = { $path } は フォルダーです。さいごに ファイルの 名前（なまえ）を つけてください。たとえば /book.wav です。
save-audio-no-folder = { $folder } という フォルダーは ありません。ある フォルダーの 中（なか）の ファイルに してください。
save-audio-exists = { $path } は もう あります。ほかの 名前（なまえ）を 書（か）いてください。
pref-voice-ja = 日本語（にほんご）を 読（よ）む 声（こえ）
pref-voice-en = 英語（えいご）を 読（よ）む 声（こえ）
pref-voice-zh = 中国語（ちゅうごくご）を 読（よ）む 声（こえ）
pref-voice-ko = 韓国語（かんこくご）を 読（よ）む 声（こえ）
pref-voice-vi = ベトナム語（ご）を 読（よ）む 声（こえ）
pref-voice-tl = フィリピノ語（ご）を 読（よ）む 声（こえ）
pref-voice-pt = ポルトガル語（ご）を 読（よ）む 声（こえ）
pref-voice-es = スペイン語（ご）を 読（よ）む 声（こえ）
pref-voice-ne = ネパール語（ご）を 読（よ）む 声（こえ）
pref-voice-id = インドネシア語（ご）を 読（よ）む 声（こえ）
pref-voice-th = タイ語（ご）を 読（よ）む 声（こえ）
pref-voice-my = ミャンマー語（ご）を 読（よ）む 声（こえ）
pref-voice-fr = フランス語（ご）を 読（よ）む 声（こえ）
pref-voice-automatic = じどう
pref-voice-help = 本（ほん）を 読（よ）む 声（こえ）です（Ctrl+P）。音（おと）の ファイルも この 声（こえ）です。じどう：日本語（にほんご）は Open JTalk です。
save-audio-nothing = そこには 音（おと）が ありません。「本（ほん） ぜんぶ」か「この 章（しょう）」を えらんでください。
