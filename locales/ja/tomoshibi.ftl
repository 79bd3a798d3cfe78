# 灯 Tomoshibi — 日本語

window-title = 灯 Tomoshibi — { $screen }
back = 戻る

## ようこそ（初回起動）
welcome-title = 灯 Tomoshibi へようこそ
welcome-intro = 表示と音声を選んでください。選ぶとすぐに反映されます。あとから「設定」でいつでも変更できます。
welcome-start = 読書を始める

## 本棚
bookshelf-title = 本棚
bookshelf-empty = 本棚にはまだ本がありません。
bookshelf-next = 図書館で借りた本や、このパソコンから開いた本がここに並びます。文字を大きくする、色を変える、音声をオン・オフするには「設定」を開いてください。すべてのキー操作は F1 で確認できます。
bookshelf-open-settings = 設定
bookshelf-open-help = ヘルプ：キー操作
bookshelf-quit = 灯 Tomoshibi を終了

## 設定
settings-title = 設定
settings-intro = 変更はすぐに反映され、保存されます。
reading-sample = この大きさの見本：灯（ともしび）は、読書を照らす明かりです。

## ヘルプ
help-title = ヘルプ：キー操作
help-intro = Tab キーと Shift+Tab キーで項目を移動し、Enter キーかスペースキーで決定します。Escape キーで前の画面に戻ります。
help-row = { $keys }：{ $action }

## 設定項目
percent = { $value } パーセント
pref-language = 言語
pref-ui-scale = 画面の大きさ
pref-ui-scale-help = 灯 Tomoshibi の表示全体を大きくします。Ctrl+プラスと Ctrl+マイナスはどの画面でも使えます。
pref-reading-size = 本文の文字の大きさ
pref-line-spacing = 本文の行間
pref-line-length = 本文の 1 行の長さ
characters = { $value } 文字
pref-theme = 色
pref-font = 書体
pref-voicing = 画面の読み上げ
pref-voicing-help = 自動：スクリーンリーダーが動いていないときに読み上げます。
theme-light = 標準（明るい）
theme-dark = 標準（暗い）
theme-white-on-black = ハイコントラスト：黒地に白
theme-yellow-on-black = ハイコントラスト：黒地に黄
theme-black-on-white = ハイコントラスト：白地に黒
theme-black-on-cream = ハイコントラスト：クリーム地に黒
font-automatic = 自動（日本語は BIZ UD ゴシック、英語は Atkinson Hyperlegible）
font-biz-ud-gothic = BIZ UD ゴシック
font-atkinson = Atkinson Hyperlegible
font-open-dyslexic = OpenDyslexic
voicing-automatic = 自動
voicing-on = 常にオン
voicing-off = オフ

## 読み上げの言い方
state-on = オン
state-off = オフ
spoken-button = { $name }、ボタン
spoken-toggle = { $name }、チェックボックス、{ $state }
spoken-slider = { $name }、{ $value }、スライダー
spoken-progress = { $name }、{ $value }、進行状況
spoken-choice = { $name }、{ $option }、ラジオボタン、{ $count } 個中 { $position } 番目
spoken-choice-changed = { $option }、{ $count } 個中 { $position } 番目
spoken-list-item = { $name }、{ $count } 個中 { $position } 番目

## お知らせ
announce-ui-scale = 画面の大きさ { $value } パーセント
announce-theme = 色：{ $theme }
announce-voicing = 画面の読み上げ：{ $mode }
notice-settings-damaged = 設定ファイルが壊れていたため、標準の設定で起動しました。古いファイルは末尾に「.broken」を付けて残してあります。
notice-settings-unsaved = 設定を保存できませんでした。灯 Tomoshibi を閉じるまでは有効です。ディスクの空きを確認してください。
notice-speech-unavailable = このパソコンでは音声で読み上げられません（音声サービスが見つかりません）。ほかの機能はすべて使えます。読み上げを使うには speech-dispatcher（Linux）を入れるか、スクリーンリーダーをお使いください。

## キーの名前
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
key-up = 上矢印
key-down = 下矢印
key-left = 左矢印
key-right = 右矢印
key-page-up = Page Up
key-page-down = Page Down
key-home = Home
key-end = End
key-backspace = Backspace

## コマンド
cmd-help = このヘルプを開く
cmd-back = 前の画面に戻る
cmd-settings = 設定を開く
cmd-bookshelf = 本棚へ移動
cmd-zoom-in = 表示を大きくする
cmd-zoom-out = 表示を小さくする
cmd-zoom-reset = 画面の大きさを 100 パーセントに戻す
cmd-next-theme = 次の色に切り替える
cmd-toggle-voicing = 画面の読み上げをオン・オフする
cmd-stop-speech = 読み上げを止める
cmd-where-am-i = 現在位置：画面と選択中の項目をもう一度読み上げる
cmd-focus-next = 次の項目
cmd-focus-previous = 前の項目
cmd-quit = 灯 Tomoshibi を終了
keys-activate = Enter またはスペース
keys-arrows-list = 上下の矢印
keys-arrows-adjust = 左右の矢印
keys-page-adjust = Page Up と Page Down
keys-home-end = Home と End
cmd-activate = 選択中のボタンを押す
cmd-arrows-list = 一覧や項目の間を移動する／選択肢やスライダーを変える
cmd-arrows-adjust = 選択中の選択肢やスライダーを変える
cmd-page-adjust = スライダーを大きく変える
cmd-home-end = 最初または最後の選択肢・項目・値へ

## 読書画面
spoken-heading = { $name }、見出しレベル { $level }
reader-empty = この本には表示できる本文がありません。
reader-heading-line = { $percent }% · { $title }
reader-back = 本棚に戻る
reader-progress = 全体の { $percent } パーセント
reader-page = { $label } ページ
reader-image = 画像：{ $alt }
reader-no-heading = このレベルの見出しはもうありません。
reader-no-page = これ以上ページはありません。
reader-copied = 段落をコピーしました（{ $count }文字）。
reader-nothing-to-copy = ここにはコピーする文字がありません。
reader-at-start = 本の先頭です。
reader-at-end = 本の終わりです。
reader-level-set = 見出し：レベル { $level }
reader-level-any-set = 見出し：すべてのレベル
bookshelf-count = 本棚に { $count } 冊あります。本を選んで Enter キーを押すと読めます。
bookshelf-book = { $title }、{ $authors }、{ $format }、{ $percent } パーセント読了
open-failed = 本 { $path } を開けません：{ $reason }。EPUB ファイル、DAISY のフォルダーまたは ZIP であること、ファイルが欠けていないことを確認してください。
notice-shelf-damaged = 本棚のファイルが壊れていたため、別の場所に保管して新しい本棚を作りました。本のファイルはそのままです。
notice-shelf-unavailable = 今は本棚を開けないため、本の記録は残りません。ほかの 灯 Tomoshibi を閉じるか、新しい版に更新してください。
notice-position-unsaved = 読んでいる位置を保存できませんでした。ディスクの空きを確認してください。
rcmd-next-unit = 次の段落
rcmd-previous-unit = 前の段落
rcmd-next-heading = 次の見出し
rcmd-previous-heading = 前の見出し
rcmd-next-page = 次のページ
rcmd-previous-page = 前のページ
rcmd-start = 本の先頭へ
rcmd-end = 本の終わりへ
rcmd-level-any = すべてのレベルの見出しで移動
rcmd-level = 一つのレベルの見出しだけで移動（1〜6）
help-reader-keys = 読書画面では：

rcmd-scroll = 本文を 1 画面分スクロール（Shift+スペースで上へ）
rcmd-contents = 目次
rcmd-landmarks = ランドマーク（本文の始まり、目次、注など）
navigate-landmarks = ランドマーク
navigate-landmarks-empty = この本にはランドマークがありません。
navigate-links = この箇所のリンク
navigate-links-empty = この箇所にはリンクがありません。
rcmd-pages = ページへ移動
rcmd-add-bookmark = この場所にしおりを挟む
rcmd-bookmarks = しおりの一覧
navigate-back = 本文に戻る
navigate-contents = 目次
navigate-contents-empty = この本には目次がありません。
navigate-pages = ページ
navigate-pages-empty = この本には紙の本のページ番号がありません。
navigate-bookmarks = しおり
navigate-bookmarks-empty = しおりはまだありません。本文で Ctrl+D を押すと、その場所にしおりを挟めます。
reader-bookmark-added = しおりを挟みました：{ $name }
reader-bookmark-failed = しおりを保存できませんでした。ディスクの空きを確認してください。
reader-place-missing = その場所はこの本にもうありません。

open-title = 本を開く
open-where = フォルダー：{ $folder }
open-up = 一つ上のフォルダーへ
open-folder = { $name }（フォルダー）
open-book-item = { $name }（本）
open-recent = 最近使った場所：{ $name }
open-nothing-here = ここには本もフォルダーもありません。
bookshelf-open-book = このパソコンの本を開く
cmd-open-book = このパソコンの本を開く

search-title = 本の中を検索
search-field = 検索する言葉
search-found = { $count } か所見つかりました。下矢印で順に確認し、Enter でその場所へ移動します。
search-none = 「{ $query }」はこの本にありません。
rcmd-history-back = 移動する前の場所に戻る
rcmd-history-forward = 進む（戻る前の場所へ）
reader-no-history = 戻る・進む場所はありません。
rcmd-search = 本の中を検索
rcmd-copy = この段落をコピー（辞書や翻訳アプリなどに貼り付けられます）
spoken-text-field = { $name }、編集、{ $value }

## tomoshibi inspect
inspect-path = パス：{ $value }
inspect-format = 形式：{ $value }
inspect-title = 書名：{ $value }
inspect-authors = 著者：{ $value }
inspect-language = 言語：{ $value }
inspect-narrator = ナレーター：{ $value }
inspect-multimedia = DAISY の種類：{ $value }
inspect-duration = 再生時間：{ $total }（クリップの合計：{ $clips }）
inspect-rendition = レイアウト・進行方向・書字方向：{ $value }
inspect-access-mode = アクセスモード：{ $value }
inspect-headings = 見出し：{ $value }
inspect-counts = 内容：文書 { $documents }、ブロック { $blocks }、目次項目 { $toc }、ページ { $pages }（改ページ { $breaks }）、SMIL の par { $pars }、音声ファイル { $audio }
inspect-images = 画像：{ $images }（代替テキストなし { $without }）、ルビ { $ruby }、注 { $notes }
inspect-toc = 目次（最初の項目）：
inspect-warnings = 注意：
warning-missing-resource = ファイル { $href } がありません（{ $from } から参照）
warning-unreadable-resource = { $href } を読めません：{ $message }
warning-missing-metadata = メタデータ「{ $field }」が空です
warning-count-mismatch = { $field } は { $declared } としていますが、実際は { $found } でした
warning-duration-mismatch = 記載の再生時間 { $declared } がクリップの合計 { $computed } と異なります

inspect-failed = 本 { $path } を読めません：{ $reason }。EPUB ファイル、DAISY のフォルダーまたは ZIP であること、ファイルが欠けていないことを確認してください。
error-no-display = 灯 Tomoshibi の表示にはデスクトップ画面が必要ですが、見つかりませんでした（DISPLAY も WAYLAND_DISPLAY も設定されていません）。デスクトップから起動してください。
error-display-unreachable = 灯 Tomoshibi の表示にはデスクトップ画面が必要ですが、指定された画面 { $display } が応答しません（閉じられたか、別のログインのものかもしれません）。デスクトップから起動してください。

## コマンドライン
cli-usage =
    使い方: tomoshibi [オプション]

    オプション:
      --measure    ウィンドウを開き、起動時間とメモリー量を JSON で表示して終了
      --help       この説明を表示
      --version    バージョンを表示
      open PATH               この本を開いて起動（EPUB ファイル・フォルダー、DAISY フォルダー・ZIP）
      inspect PATH [--json]   ウィンドウを開かずに本（EPUB、DAISY 2.02、DAISY 3）の内容を表示
      library feed|show URL               カタログのページを一覧表示、または本 1 冊を表示
      library search URL 語句             URL から始まるカタログを検索
      library borrow|hold|return URL --card 番号
                                          URL の本を借りる・予約する・返却する
      library loans URL --card 番号       貸出中・予約中の本を一覧表示
      library download URL --card 番号 --out ファイル
                                          借りている URL の本をダウンロード
      export-audio 本 --out ファイル.wav [--speed X] [--from 場所] [--to 場所]
                                          録音図書の音声を一つのファイルに書き出す（速度 0.5〜4、声の高さはそのまま）
      demo-library [--port N] [--state ファイル]
                                          組み込みのデモ図書館を 127.0.0.1 で実行

    環境変数:
      TOMOSHIBI_HOME   灯 Tomoshibi が書き込むファイルをすべてこのフォルダーに置く
      TOMOSHIBI_LOG    ログの詳しさ（error, warn, info, debug）
      TOMOSHIBI_PIN    library コマンドの暗証番号（引数では渡さないでください）

## 図書館・蔵書検索・貸出
bookshelf-libraries = 図書館：本を探して借りる
date = { $year }年{ $month }月{ $day }日
libraries-title = 図書館
libraries-intro = 図書館を選んで Enter キーを押してください。ほかの図書館を追加するには、その図書館の蔵書カタログのアドレスを入力して Enter キーを押します。
libraries-demo = 灯 デモ図書館（このパソコンの中にあり、インターネットなしで使えます）
libraries-demo-name = 灯 デモ図書館
libraries-saved = { $title }、{ $url }
libraries-address = カタログのアドレス
libraries-address-hint = 図書館が電子書籍アプリ向けに案内しているアドレス。例：https://library.example/opds
libraries-add = 図書館を追加
libraries-bad-address = ウェブアドレスではありません。https:// で始まる図書館のカタログのアドレスを入力してください。
library-starting-demo = デモ図書館を開いています…
library-demo-failed = デモ図書館を開始できませんでした。灯を再起動してください。繰り返す場合は、ログファイルに理由が記録されています。
catalog-loading = 読み込み中…
catalog-offline = 図書館に接続できません。前回保存した内容を表示しています。
catalog-empty = ここには何もありません。
catalog-sections = { $count } 個の分類があります。選んで Enter キーを押してください。
catalog-count = { $count } 冊あります。選んで Enter キーを押すと詳細が開きます。
catalog-count-of = { $total } 冊中 { $shown } 冊を表示しています。選んで Enter キーを押すと詳細が開きます。
catalog-entry = { $title }、{ $authors }、{ $format }。{ $availability }
catalog-search = 蔵書を検索
catalog-search-hint = 書名か著者名を入力して Enter キーを押してください。
catalog-facet = { $group }：{ $facet }
catalog-facet-count = { $group }：{ $facet }、{ $count } 冊
catalog-more = 「{ $group }」をもっと見る
catalog-previous = 前のページ
catalog-next = 次のページ
catalog-loans = 貸出中・予約中の本
catalog-sign-in = ログイン
catalog-sign-out = ログアウト
format-ebook = 電子書籍
format-magazine = 電子雑誌
format-talking-book = 録音図書
format-unknown = 形式不明
lending-open-access = 自由に読めます。
lending-loanable = 借りられます。
lending-loanable-copies = 借りられます。{ $total } 冊中 { $available } 冊が空いています。
lending-holdable = 貸出中です。予約できます。
lending-holdable-queue = 貸出中です。{ $waiting } 人が予約待ちです。予約できます。
lending-held = 予約中です。
lending-held-position = 予約中です。{ $total } 人中 { $position } 番目です。
lending-ready = 予約の本が用意できました。今すぐ借りられます。
lending-ready-until = 予約の本が用意できました。{ $date }までに借りてください。
lending-loaned = 貸出中です。
lending-loaned-until = { $date }まで借りています。
lending-unavailable = この図書館では利用できません。
lending-borrow-done = { $title }：{ $state }
lending-returned = { $title }を返却しました。
lending-hold-cancelled = { $title }の予約を取り消しました。
lending-renewed = { $title }の貸出を延長しました。
details-by = 著者：{ $authors }
details-series = { $format }、{ $series } { $position }
details-borrow = 借りる
details-hold = 予約する
details-download = ダウンロードして読む
details-read = 読む
details-renew = 貸出を延長
details-return = 返却する
details-cancel-hold = 予約を取り消す
details-busy-borrow = 貸出の手続き中…
details-busy-hold = 予約の手続き中…
details-busy-return = 返却の手続き中…
details-busy-renew = 延長の手続き中…
details-busy-cancel = 予約の取り消し中…
details-busy-download = ダウンロード中…
details-progress = ダウンロード中：{ $percent } パーセント（{ $total } MB 中 { $done } MB）
details-progress-unknown = ダウンロード中：{ $done } MB
library-downloaded = { $title }のダウンロードが終わりました。開きます。
loans-title = 貸出中・予約中の本
loans-summary = 貸出 { $loans } 冊、予約 { $holds } 冊。
loans-row = { $title }。{ $availability }
loans-refresh = もう一度確認
library-no-shelf = この図書館はアプリで貸出状況を表示できません。図書館にお問い合わせください。
sign-in-title = { $library }にログイン
sign-in-login = 利用者カード番号
sign-in-password = パスワード（暗証番号）
sign-in-digits = 数字のみ。
sign-in-digits-max = 数字のみ、{ $count } 桁まで。
sign-in-remember = このパソコンに暗証番号を保存する
sign-in-remember-hint = システムのキーリングに保存し、ファイルには保存しません。共用のパソコンではオフにしてください。
sign-in-no-keyring = このパソコンにはキーリングがありません。暗証番号は灯を閉じると消去されます。
sign-in-submit = ログイン
sign-in-cancel = キャンセル
sign-in-busy = ログインしています…
sign-in-preparing = ログインの準備をしています…
sign-in-missing = 利用者カード番号と暗証番号を入力して Enter キーを押してください。
sign-in-refused = 利用者カード番号または暗証番号が正しくありません。確認してもう一度入力するか、図書館にお問い合わせください。
sign-in-done = ログインしました。
sign-in-web = 図書館のウェブページでログイン
sign-in-web-hint = 図書館のログインページをウェブブラウザーで開きます。
sign-in-web-waiting = ブラウザーで図書館のログインページを開きました。そちらでログインを済ませてから、灯に戻ってください。
sign-in-web-stopped = 図書館のウェブページでのログインを中止しました。
sign-in-web-denied = 図書館のウェブページでログインが取り消されたか、拒否されました。もう一度お試しいただくか、図書館にお問い合わせください。
sign-in-web-timeout = 図書館のウェブページでのログインが時間内に終わりませんでした。もう一度お試しください。
sign-in-web-no-browser = ウェブブラウザーを開けませんでした。既定のブラウザーを設定してから、もう一度お試しください。
sign-in-web-failed = 図書館のウェブページでログインできませんでした。もう一度お試しいただくか、図書館にお問い合わせください。
sign-in-web-page-title = 灯（ともしび）
sign-in-web-page-done = ログインしました。このウィンドウを閉じて、灯に戻ってください。
sign-in-web-page-failed = ログインが完了しませんでした。灯に戻って、もう一度お試しください。
sign-out-done = ログアウトしました。暗証番号はこのパソコンから消去されました。
library-error-offline = 図書館に接続できません。インターネット接続を確認して、もう一度お試しください。
library-error-timeout = 図書館から応答がありません。数分後にもう一度お試しください。
library-error-sign-in = この操作にはログインが必要です。
library-error-loan-limit = 借りられる冊数の上限に達しています。1冊返却してから、もう一度お試しください。
library-error-hold-limit = 予約できる冊数の上限に達しています。予約を1件取り消してから、もう一度お試しください。
library-error-no-copies = 今は空いている本がありません。予約してください。
library-error-card-expired = 利用者カードの有効期限が切れています。図書館で更新してください。
library-error-blocked = このカードでは貸出が停止されています。図書館にお問い合わせください。
library-error-server = 図書館のシステムで問題が起きました。時間をおいてお試しください。
library-error-server-detail = 図書館からのメッセージ：{ $detail }
library-error-not-found = この本は図書館にもうありません。戻ってもう一度探してください。
library-error-not-offered = この本ではこの操作はできません。
library-error-document = 図書館から読み取れないデータが届きました。時間をおいてお試しいただくか、図書館にお問い合わせください。
library-error-setup = 接続の準備ができませんでした。灯を再起動してください。
download-error-interrupted = ダウンロードが中断しました。もう一度「ダウンロード」を押すと、続きから再開します。
download-error-forbidden = 図書館がダウンロードを拒否しました。まだ貸出中か確認してください。
download-error-corrupt = ダウンロードしたデータが壊れていました。もう一度ダウンロードしてください。
download-error-disk = 本を保存できませんでした。ディスクの空き容量を確認してください。
cli-library-card-needed = --card で利用者カード番号を指定してください。暗証番号は入力を求めるか、TOMOSHIBI_PIN から読み取ります。
cli-library-no-search = このページには検索がありません。カタログの最初のアドレスを指定してください。
cli-library-lcp = 借りました。図書館による Readium LCP の保護つきです（ライセンス { $id }）。「tomoshibi library download」でダウンロードしてください。開くときにパスフレーズを尋ねます。
cli-library-downloaded = { $path } に保存しました（{ $bytes } バイト）。
cli-library-not-feed = { $url } は一覧ではなく 1 冊の本です。「show」を使ってください。
cli-library-not-entry = このアドレスは一覧です。本 1 冊のアドレスを指定してください。
cli-library-pin-prompt = 暗証番号：{" "}
cli-library-pin-missing = 暗証番号が入力されませんでした。入力するか、TOMOSHIBI_PIN を設定してください。
cli-library-next = 次のページ：{ $url }
cli-demo-failed = デモ図書館を開始できませんでした：{ $reason }
cli-demo-running = デモ図書館を { $url } で実行中です（カード { $card }、暗証番号 { $pin }）。Ctrl+C で終了します。
loans-ended = 貸出期間が終わりました：{ $titles }。本は図書館に返却され、このパソコンから削除されました。
loans-due-soon = まもなく返却期限です：{ $loans }。
loans-due-item = { $title }（{ $date }）
holds-ready = 予約の本が用意できました。借りられます：{ $holds }。
holds-ready-item = { $title }（{ $date }までに借りてください）
details-download-progress = ダウンロード
details-cancel-download = ダウンロードを中止
details-download-cancelled = ダウンロードを中止しました。このパソコンには何も残っていません。
export-done = { $path } に書き出しました：音声 { $minutes } 分 { $seconds } 秒。
export-skipped = 含まれていません（ファイルがないか読めません）：{ $href }
export-failed = 音声を書き出せませんでした：{ $reason }。フォルダーがあるか、空き容量があるか確かめてください。
export-bad-place = 「{ $place }」は本の中の場所として読めません。時間（12:30 や 1:02:03）、page:ページ番号、heading:見出し番号 のどれかで指定してください。
export-no-page = この本には「{ $page }」ページがありません。
export-no-heading = この本には { $number } 番目の見出しがありません。
export-past-end = { $time } は本の終わりより後です。
export-no-audio = この本には録音された音声がありません。ともしびで開くと読み上げで聞けます。
export-backwards = 終わりが始めより前です。--from と --to を入れ替えてください。
export-time-needs-audio = この本には録音された音声がないので、時間では指定できません。page:ページ番号 か heading:見出し番号 を使ってください。
export-no-engine = この本を読み上げる音声エンジンがありません（{ $reason }）。README の準備コマンドを実行してから、もう一度試してください。

## Readium LCP で保護された本
passphrase-title = この本のパスフレーズ
passphrase-intro = この本は図書館によって保護されています。開くには、図書館から知らされたパスフレーズを入力してください。
passphrase-hint = 図書館からのヒント：{ $hint }
passphrase-hint-page = パスフレーズについての案内：{ $url }
passphrase-field = パスフレーズ
passphrase-remember = この図書館の本のために記憶する
passphrase-remember-hint = パスフレーズそのものではなく、パスフレーズから作った鍵だけをこのパソコンのキーリングに保存します。共用のパソコンではオフにしてください。
passphrase-submit = 本を開く
passphrase-cancel = キャンセル
passphrase-busy = 本を開いています…
passphrase-missing = パスフレーズを入力してください。
passphrase-wrong = このパスフレーズでは本を開けません。確かめて、もう一度入力してください。
book-error-lcp-certified = この本は認定アプリ向けの Readium LCP で保護されているため、灯では開けません。Thorium Reader など認定された LCP 対応アプリで読むか、別の形式がないか図書館にお問い合わせください。
book-error-protected = この本は保護されています（{ $scheme }）。灯では開けません。保護のない版か LCP 版がないか図書館にお問い合わせください。
book-error-passphrase-required = この本は図書館によって保護されていて、パスフレーズが必要です。
book-error-passphrase-wrong = パスフレーズが違うため、本を開けません。
book-error-lcp-damaged = この保護された本は壊れているか、欠けています。いったん返却してもう一度借りるか、図書館にお問い合わせください。
cli-lcp-passphrase = 環境変数 TOMOSHIBI_LCP_PASSPHRASE に本のパスフレーズを設定して、もう一度実行してください（図書館からのヒント：{ $hint }）。
lending-lcp-received = { $title } を借りました（図書館による保護つき）。ダウンロードしています…
rcmd-play-pause = 録音音声を再生・一時停止（録音図書）
rcmd-skip = 音声を設定の幅だけ進める・戻す（右、左）
rcmd-speed = 音声を速く・遅く（声の高さはそのまま。Alt+上、Alt+下）
player-playing = 再生中。
player-paused = 一時停止。
player-no-audio = この本には録音された音声がありません。
player-speed = 速度 { $speed }
player-skipped = 音声ファイル { $href } がないか読めないため、飛ばしました。
player-unspoken = この本には録音のない部分があり、代わりの読み上げもできなかったため、飛ばしました（{ $reason }）。音声合成が入っているか確かめてください（README の準備コマンドを実行します）。
speech-engine-missing = { $engine } が入っていません（{ $missing } が見つかりません）
speech-engine-unsupported = { $engine } はこの言語（{ $language }）を読めません
speech-engine-timeout = { $engine } の処理に時間がかかりすぎました
speech-engine-failed = { $engine } が動きませんでした（{ $detail }）
player-finished = 本の終わりです。
player-no-output = 音の出力が見つからないため、音は聞こえません。文章は音声に合わせて進みます。スピーカーかヘッドホンを確かめてから、本を開き直してください。
player-time = { $elapsed } ／ { $total }
player-in-spoken-text = この部分は録音がないため、合成音声で読み上げています。
read-aloud-started = 読み上げを始めます。
read-aloud-failed = 読み上げできません：{ $reason }。音声合成が入っているか確かめてください（README の準備コマンドを実行します）。
read-aloud-fell-back = Open JTalk で文を読めなかったため（{ $reason }）、音声サービスの声で読み続けます。Open JTalk が入っているか確かめてください（README の準備コマンドを実行します）。
rcmd-phrase = 音声の次・前のフレーズ（Ctrl+右、Ctrl+左）
rcmd-sleep = スリープタイマー：15 分・30 分・60 分・章の終わり・段落の終わり・切
player-no-phrase = その方向にフレーズはありません。
player-sleep-set = { $minutes } 分後に音が小さくなって止まります。
player-sleep-off = スリープタイマーを切りました。
player-sleep-done = スリープタイマー：再生を止めました。続けるには Ctrl+P を押します。
pref-skip-step = 録音図書の早送り・早戻しの幅
pref-skip-read = 読む
pref-skip-skip = 飛ばす
pref-skip-page-numbers = 録音図書のページ番号
pref-skip-notes = 録音図書の注
pref-skip-sidebars = 録音図書のコラム（囲み記事）
pref-skip-producer-notes = 録音図書の製作者注
seconds = { $value } 秒
player-sleep-chapter = この章の終わりで止まります。
player-sleep-item = この段落の終わりで止まります。

pref-paragraph-spacing = 本文の段落の間隔
pref-letter-spacing = 本文の字間
pref-ruby = ルビ（ふりがな）
ruby-above = 本文の上（縦書きでは右）に小さく
ruby-brackets = 語の後ろに括弧で
ruby-hidden = 表示しない
pref-writing = 本の組み方向
writing-book = 本の指定どおり（縦書きの本は縦書き）
writing-horizontal = いつも横書き
writing-vertical = いつも縦書き（上から下、右から左）
rcmd-follow-note = この箇所のリンクや注の参照をたどる（複数あれば一覧から選ぶ。Alt+← で戻る）
reader-no-note = この箇所には本の中へのリンクや注の参照がありません。
rcmd-leave-structure = 今いる表・リスト・注・コラムから抜ける（参照箇所で読まれている注なら本文へ戻る）
reader-not-in-structure = ここは表・リスト・注・コラムの中ではありません。
reader-link-note = 注 {$label}
rcmd-page-zoom = ページ画像の拡大・縮小（100～800％）
rcmd-fit-width = ページ画像を画面の幅に合わせる
rcmd-fit-page = ページ全体を表示
rcmd-pan = 拡大したページを動かす
reader-zoom = ページ { $percent }％
reader-fit-width = 画面の幅に合わせました
reader-fit-page = ページ全体
reader-zoom-largest = これ以上拡大できません（800％）。
reader-zoom-whole = ページ全体を表示しています。
reader-not-pages = この本はページ画像の本ではありません。
bookshelf-book-anonymous = { $title }、{ $format }、{ $percent } パーセント読了
font-installed = このパソコンにあるフォント
pref-font-family = 使うフォント
rcmd-go-to-time = 録音の時間を指定して移動
go-to-time-title = 時間を指定して移動
go-to-time-intro = 現在 { $elapsed } ／ 全体 { $total }。
go-to-time-field = 移動する時間（分:秒 または 時:分:秒）
go-to-time-hint = 例：1:30、1:02:03。数字だけなら秒です。Enter で移動します。
go-to-time-go = 移動
go-to-time-cancel = キャンセル
go-to-time-empty = 時間を入力してください（例：1:30）。
go-to-time-unreadable = 「{ $text }」は時間として読めません。1:30 のように分:秒、または 1:02:03 のように時:分:秒で入力してください。
go-to-time-past-end = { $time } は本の終わりより後です（全体 { $total }）。もっと前の時間を入力してください。
go-to-time-needs-audio = この本には録音がないため、時間では移動できません。目次（Ctrl+T）かページ（Ctrl+G）を使ってください。
player-went-to-time = { $time } ／ { $total }。
player-time-missing = その時間の音声が見つかりませんでした。別の時間を試してください。
export-no-place = その場所は本の中にありません。
export-cancelled = 音声ファイルの保存を中止しました。ファイルは残っていません。
rcmd-save-audio = 本の全体または一部を音声ファイルに保存
save-audio-title = 音声ファイルに保存
save-audio-intro = 「{ $title }」を WAV ファイルに保存し、ほかの機器で聞けるようにします。録音のある本は録音をそのまま、録音のない本は音声合成で読み上げて保存します。
save-audio-span = 保存する範囲
save-audio-whole-book = 本全体
save-audio-to-chapter-end = ここから章の終わりまで
save-audio-chapter = この章
save-audio-speed = 速さ（声の高さはそのまま）
save-audio-speed-value = { $speed } 倍
save-audio-file = 保存するファイル
save-audio-file-hint = 既にあるフォルダー内の .wav ファイル。Enter で保存します。
save-audio-save = 保存
save-audio-progress = 保存中
save-audio-stop = 保存を中止
save-audio-close = 本に戻る
save-audio-started = 音声ファイルを保存しています。時間がかかることがあります。その間も読書を続けられます。
save-audio-no-file = 保存するファイル名を入力してください（例：{ "~/Music/book.wav" }）。
save-audio-is-folder = { $path } はフォルダーです。最後にファイル名を付けてください（例：/book.wav）。
save-audio-no-folder = フォルダー { $folder } がありません。ミュージックフォルダーなど、既にあるフォルダーのファイル名を入力してください。
save-audio-exists = { $path } は既にあるため、上書きしません。別のファイル名を入力してください。
pref-voice-ja = 日本語の読み上げの声
pref-voice-en = 英語の読み上げの声
pref-voice-zh = 中国語の読み上げの声
pref-voice-ko = 韓国語の読み上げの声
pref-voice-vi = ベトナム語の読み上げの声
pref-voice-tl = フィリピノ語（タガログ語）の読み上げの声
pref-voice-pt = ポルトガル語の読み上げの声
pref-voice-es = スペイン語の読み上げの声
pref-voice-ne = ネパール語の読み上げの声
pref-voice-id = インドネシア語の読み上げの声
pref-voice-th = タイ語の読み上げの声
pref-voice-my = ミャンマー語の読み上げの声
pref-voice-fr = フランス語の読み上げの声
pref-voice-automatic = 自動
pref-voice-help = この言語の本を読み上げる（Ctrl+P）ときと、音声ファイルに保存するときの声です。自動：日本語はインストールされていれば Open JTalk、それ以外は eSpeak NG。
save-audio-nothing = 本のその部分には音声がありません。本全体かこの章を選ぶか、別の場所に移動してからもう一度試してください。
