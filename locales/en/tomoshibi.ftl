# Tomoshibi — English (the fallback: every message id must exist here).

window-title = Tomoshibi — { $screen }
back = Back

## Welcome (first run)
welcome-title = Welcome to Tomoshibi
welcome-intro = Choose how Tomoshibi looks and sounds. Each choice works at once. You can change everything later in Settings.
welcome-start = Start reading

## Bookshelf
bookshelf-title = Bookshelf
bookshelf-empty = Your bookshelf is empty.
bookshelf-next = Books you borrow from your library, or open from this computer, will be listed here. To make text larger, change colours or turn the voice on or off, open Settings. For every key, press F1.
bookshelf-open-settings = Settings
bookshelf-open-help = Help: keys
bookshelf-quit = Quit Tomoshibi

## Settings
settings-title = Settings
settings-intro = Changes work at once and are saved.
reading-sample = Sample text at this size: 灯 Tomoshibi, the light to read by.

## Help
help-title = Help: keys
help-intro = Press Tab and Shift+Tab to move between controls. Press Enter or Space to use one. Press Escape to go back.
help-row = { $keys }: { $action }

## Preferences
percent = { $value } percent
pref-language = Language
pref-ui-scale = Interface size
pref-ui-scale-help = Makes everything in Tomoshibi larger. Ctrl+Plus and Ctrl+Minus work everywhere.
pref-reading-size = Reading text size
pref-line-spacing = Line spacing in books
pref-line-length = Longest line in books
characters = { $value } characters
pref-theme = Colours
pref-font = Typeface
pref-voicing = Speak the interface
pref-voicing-help = Automatic: Tomoshibi speaks unless a screen reader is running.
theme-light = Standard light
theme-dark = Standard dark
theme-white-on-black = High contrast: white on black
theme-yellow-on-black = High contrast: yellow on black
theme-black-on-white = High contrast: black on white
theme-black-on-cream = High contrast: black on cream
font-automatic = Automatic (BIZ UD Gothic for Japanese, Atkinson Hyperlegible for English)
font-biz-ud-gothic = BIZ UD Gothic
font-atkinson = Atkinson Hyperlegible
font-open-dyslexic = OpenDyslexic
voicing-automatic = Automatic
voicing-on = Always on
voicing-off = Off

## How the app speaks its controls
state-on = on
state-off = off
spoken-button = { $name }, button
spoken-toggle = { $name }, checkbox, { $state }
spoken-slider = { $name }, { $value }, slider
spoken-progress = { $name }, { $value }, progress bar
spoken-choice = { $name }, { $option }, radio button, { $position } of { $count }
spoken-choice-changed = { $option }, { $position } of { $count }
spoken-list-item = { $name }, { $position } of { $count }

## Announcements
announce-ui-scale = Interface size { $value } percent
announce-theme = Colours: { $theme }
announce-voicing = Speak the interface: { $mode }
notice-settings-damaged = Your settings file was damaged, so Tomoshibi started with standard settings. The old file was kept beside the new one with “.broken” at the end.
notice-settings-unsaved = Your settings could not be saved. They work until you close Tomoshibi. Check that the disk is not full.
notice-speech-unavailable = Tomoshibi cannot speak on this computer: no speech service was found. Everything else works. To hear Tomoshibi, install speech-dispatcher (Linux) or use a screen reader.

## Key names
key-ctrl = Ctrl
key-alt = Alt
key-shift = Shift
key-plus = Plus
key-minus = Minus
key-comma = Comma
key-escape = Escape
key-tab = Tab
key-enter = Enter
key-space = Space
key-up = Up arrow
key-down = Down arrow
key-left = Left arrow
key-right = Right arrow
key-page-up = Page Up
key-page-down = Page Down
key-home = Home
key-end = End
key-backspace = Backspace

## Commands (Help and the README's table)
cmd-help = Open this help
cmd-back = Go back to the previous screen
cmd-settings = Open Settings
cmd-bookshelf = Go to the Bookshelf
cmd-zoom-in = Make everything larger
cmd-zoom-out = Make everything smaller
cmd-zoom-reset = Interface size back to 100 percent
cmd-next-theme = Next colour theme
cmd-toggle-voicing = Turn the app's voice on or off
cmd-stop-speech = Stop speaking
cmd-where-am-i = Where am I: say the screen and the focus again
cmd-focus-next = Next control
cmd-focus-previous = Previous control
cmd-quit = Quit Tomoshibi
keys-activate = Enter or Space
keys-arrows-list = Up and Down arrows
keys-arrows-adjust = Left and Right arrows
keys-page-adjust = Page Up and Page Down
keys-home-end = Home and End
cmd-activate = Press the focused button
cmd-arrows-list = Move through lists and forms; change a choice or slider
cmd-arrows-adjust = Change the focused choice or slider
cmd-page-adjust = Change a slider in big steps
cmd-home-end = First or last option, item or value

## Reader
spoken-heading = { $name }, heading level { $level }
reader-empty = This book has no text to show.
reader-heading-line = { $percent }% · { $title }
reader-back = Back to the bookshelf
reader-progress = { $percent } percent through the book
reader-page = Page { $label }
reader-image = Image: { $alt }
reader-no-heading = No more headings at this level.
reader-no-page = No more pages.
reader-copied = Paragraph copied: { $count ->
    [one] one character
   *[other] { $count } characters
}.
reader-nothing-to-copy = There is no text here to copy.
reader-at-start = Beginning of the book.
reader-at-end = End of the book.
reader-level-set = Headings: level { $level }
reader-level-any-set = Headings: any level
bookshelf-count = { $count ->
    [one] One book on your shelf. Press Enter to read it.
   *[other] { $count } books on your shelf. Choose one and press Enter to read.
}
bookshelf-book = { $title }, { $authors }, { $format }, { $percent } percent read
open-failed = Tomoshibi cannot open the book { $path }: { $reason }. Check that it is an EPUB file, a DAISY folder or a DAISY zip, and that it is complete.
notice-shelf-damaged = Your bookshelf file was damaged. Tomoshibi kept it aside and started a new shelf; your book files are untouched.
notice-shelf-unavailable = Your bookshelf cannot be opened now, so books will not be remembered. Close other copies of Tomoshibi, or update Tomoshibi if a newer version made the shelf.
notice-position-unsaved = Your reading position could not be saved. Check that the disk is not full.
rcmd-next-unit = Next paragraph
rcmd-previous-unit = Previous paragraph
rcmd-next-heading = Next heading
rcmd-previous-heading = Previous heading
rcmd-next-page = Next page
rcmd-previous-page = Previous page
rcmd-start = Beginning of the book
rcmd-end = End of the book
rcmd-level-any = Headings at any level
rcmd-level = Headings of one level only (1 to 6)
help-reader-keys = In the reader:

rcmd-scroll = Scroll the text a screenful down or up (Shift+Space)
rcmd-contents = Table of contents
rcmd-landmarks = Landmarks (start of text, contents, notes)
navigate-landmarks = Landmarks
navigate-landmarks-empty = This book names no landmarks.
navigate-links = Links here
navigate-links-empty = This text has no links.
rcmd-pages = Go to a page
rcmd-add-bookmark = Bookmark this place
rcmd-bookmarks = Bookmarks
navigate-back = Back to the text
navigate-contents = Table of contents
navigate-contents-empty = This book has no table of contents.
navigate-pages = Pages
navigate-pages-empty = This book has no print page numbers.
navigate-bookmarks = Bookmarks
navigate-bookmarks-empty = No bookmarks yet. In the text, press Ctrl+D to bookmark a place.
reader-bookmark-added = Bookmark added: { $name }
reader-bookmark-failed = The bookmark could not be saved. Check that the disk is not full.
reader-place-missing = That place is not in this book any more.

open-title = Open a book
open-where = Folder: { $folder }
open-up = Up one folder
open-folder = { $name } (folder)
open-book-item = { $name } (book)
open-recent = Recent place: { $name }
open-nothing-here = No books or folders here.
bookshelf-open-book = Open a book from this computer
cmd-open-book = Open a book from this computer

search-title = Search in the book
search-field = Search for
search-found = { $count ->
    [one] One place found. Press Down to hear it, Enter to go there.
   *[other] { $count } places found. Press Down to hear them, Enter to go to one.
}
search-none = “{ $query }” is not in this book.
rcmd-history-back = Back to where you jumped from
rcmd-history-forward = Forward again
reader-no-history = No other place to go back or forward to.
rcmd-search = Search in the book
rcmd-copy = Copy this paragraph (to paste it elsewhere, for instance into a dictionary or a translator)
spoken-text-field = { $name }, edit text, { $value }

## tomoshibi inspect
inspect-path = Path: { $value }
inspect-format = Format: { $value }
inspect-title = Title: { $value }
inspect-authors = Authors: { $value }
inspect-language = Language: { $value }
inspect-narrator = Narrator: { $value }
inspect-multimedia = DAISY type: { $value }
inspect-duration = Duration: { $total } (sum of the clips: { $clips })
inspect-rendition = Layout, direction, writing: { $value }
inspect-access-mode = Access modes: { $value }
inspect-headings = Headings: { $value }
inspect-counts = Contents: { $documents } documents, { $blocks } blocks, { $toc } table-of-contents entries, { $pages } pages ({ $breaks } page breaks), { $pars } SMIL pars, { $audio } audio files
inspect-images = Images: { $images } ({ $without } without alt text), { $ruby } ruby, { $notes } notes
inspect-toc = Table of contents (first entries):
inspect-warnings = Warnings:
warning-missing-resource = Missing file { $href } (referenced from { $from })
warning-unreadable-resource = Cannot read { $href }: { $message }
warning-missing-metadata = The “{ $field }” metadata is empty
warning-count-mismatch = { $field } says { $declared }, but { $found } were found
warning-duration-mismatch = The stated length { $declared } differs from the sum of the clips, { $computed }

inspect-failed = Tomoshibi cannot read the book { $path }: { $reason }. Check that it is an EPUB file, a DAISY folder or a DAISY zip, and that it is complete.
error-no-display = Tomoshibi needs a graphical desktop, and none was found (DISPLAY and WAYLAND_DISPLAY are not set). Start Tomoshibi from your desktop, or run it inside a desktop session.
error-display-unreachable = Tomoshibi needs a graphical desktop, but the one named { $display } does not answer (it may have been closed, or belong to another login). Start Tomoshibi from your desktop, or run it inside a desktop session.

## Command line
cli-usage =
    Usage: tomoshibi [OPTIONS]

    Options:
      --measure    Open the window, print start-up time and memory as JSON, and exit
      --help       Show this help
      --version    Show the version
      open PATH               Open Tomoshibi with this book (EPUB file or folder, DAISY folder or zip)
      inspect PATH [--json]   Describe a book (EPUB, DAISY 2.02 or DAISY 3) without opening the window
      library feed|show URL               List a catalog page, or show one book
      library search URL WORDS            Search the catalog that starts at URL
      library borrow|hold|return URL --card NUMBER
                                          Borrow, place a hold, or return the book at URL
      library loans URL --card NUMBER     List your loans and holds
      library download URL --card NUMBER --out FILE
                                          Download the book on loan at URL
      export-audio BOOK --out FILE.wav [--speed X] [--from PLACE] [--to PLACE]
                                          Write a talking book's audio to one file (speed 0.5–4, pitch kept)
      demo-library [--port N] [--state FILE]
                                          Run the built-in demo library on 127.0.0.1

    Environment:
      TOMOSHIBI_HOME   Keep every file Tomoshibi writes under this folder
      TOMOSHIBI_LOG    Log detail (error, warn, info, debug)
      TOMOSHIBI_PIN    The PIN for library commands (never give it as an argument)

## Libraries, catalogs and loans
bookshelf-libraries = Libraries: find and borrow books
date = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
    } { $year }
libraries-title = Libraries
libraries-intro = Choose a library and press Enter. To add your own library, type the address of its catalog and press Enter.
libraries-demo = Tomoshibi demo library, on this computer, works without the internet
libraries-demo-name = Tomoshibi demo library
libraries-saved = { $title }, { $url }
libraries-address = Catalog address
libraries-address-hint = The web address your library gives for e-book apps, for example https://library.example/opds
libraries-add = Add library
libraries-bad-address = That is not a web address. Type the address of the library's catalog, starting with https://.
library-starting-demo = Opening the demo library…
library-demo-failed = The demo library could not start. Restart Tomoshibi; if it happens again, the log file says why.
catalog-loading = Loading…
catalog-offline = The library cannot be reached. This is the copy saved last time.
catalog-empty = Nothing is listed here.
catalog-sections = { $count ->
    [one] One section. Press Enter to open it.
   *[other] { $count } sections. Choose one and press Enter.
}
catalog-count = { $count ->
    [one] One book. Press Enter for details.
   *[other] { $count } books. Choose one and press Enter for details.
}
catalog-count-of = { $shown } of { $total } books. Choose one and press Enter for details.
catalog-entry = { $title }, { $authors }, { $format }. { $availability }
catalog-search = Search the catalog
catalog-search-hint = Type a title or an author and press Enter.
catalog-facet = { $group }: { $facet }
catalog-facet-count = { $group }: { $facet }, { $count } books
catalog-more = More in { $group }
catalog-previous = Previous page
catalog-next = Next page
catalog-loans = My loans and holds
catalog-sign-in = Sign in
catalog-sign-out = Sign out
format-ebook = E-book
format-magazine = Magazine
format-talking-book = Talking book
format-unknown = Format not given
lending-open-access = Free to read.
lending-loanable = Available to borrow.
lending-loanable-copies = Available to borrow: { $available } of { $total } copies free.
lending-holdable = On loan to others. You can place a hold.
lending-holdable-queue = On loan to others; { $waiting } waiting. You can place a hold.
lending-held = On hold for you.
lending-held-position = On hold: you are number { $position } of { $total } in the queue.
lending-ready = Your hold is ready: borrow it now.
lending-ready-until = Your hold is ready: borrow it by { $date }.
lending-loaned = On loan to you.
lending-loaned-until = On loan to you until { $date }.
lending-unavailable = Not available from this library.
lending-borrow-done = { $title }: { $state }
lending-returned = { $title } was returned.
lending-hold-cancelled = Your hold on { $title } was cancelled.
lending-renewed = { $title } was renewed.
details-by = By { $authors }
details-series = { $format }, { $series } { $position }
details-borrow = Borrow
details-hold = Place hold
details-download = Download and read
details-read = Read
details-renew = Renew loan
details-return = Return early
details-cancel-hold = Cancel hold
details-busy-borrow = Borrowing…
details-busy-hold = Placing a hold…
details-busy-return = Returning…
details-busy-renew = Renewing…
details-busy-cancel = Cancelling the hold…
details-busy-download = Downloading…
details-progress = Downloading: { $percent } percent ({ $done } of { $total } MB)
details-progress-unknown = Downloading: { $done } MB
library-downloaded = { $title } is downloaded. Opening it.
loans-title = My loans and holds
loans-summary = { $loans ->
    [one] One loan
   *[other] { $loans } loans
  }, { $holds ->
    [one] one hold.
   *[other] { $holds } holds.
  }
loans-row = { $title }. { $availability }
loans-refresh = Check again
library-no-shelf = This library does not list loans in the app. Ask the library.
sign-in-title = Sign in to { $library }
sign-in-login = Library card number
sign-in-password = PIN
sign-in-digits = Digits only.
sign-in-digits-max = Digits only, up to { $count }.
sign-in-remember = Remember my PIN on this computer
sign-in-remember-hint = Kept in the system keyring, never in a file. Turn this off on a shared computer.
sign-in-no-keyring = This computer has no keyring: your PIN is forgotten when Tomoshibi closes.
sign-in-submit = Sign in
sign-in-cancel = Cancel
sign-in-busy = Signing in…
sign-in-preparing = Preparing to sign in…
sign-in-missing = Type your library card number and PIN, then press Enter.
sign-in-refused = The library did not accept this card number or PIN. Check them and try again, or ask the library.
sign-in-done = Signed in.
sign-in-web = Sign in with the library's web page
sign-in-web-hint = Opens the library's sign-in page in your web browser.
sign-in-web-waiting = Your browser opened the library's sign-in page. Finish there, then come back.
sign-in-web-stopped = Stopped waiting for the library's web page.
sign-in-web-denied = Sign-in was cancelled or refused on the library's web page. Try again, or ask the library.
sign-in-web-timeout = The library's web page did not finish in time. Try again.
sign-in-web-no-browser = No web browser could be opened. Set a default web browser, then try again.
sign-in-web-failed = Signing in on the library's web page did not work. Try again, or ask the library.
sign-in-web-page-title = Tomoshibi
sign-in-web-page-done = Signed in. You can close this window and return to Tomoshibi.
sign-in-web-page-failed = Sign-in did not finish. Return to Tomoshibi and try again.
sign-out-done = Signed out. Your PIN is no longer kept on this computer.
library-error-offline = The library cannot be reached. Check the internet connection and try again.
library-error-timeout = The library is not answering. Try again in a few minutes.
library-error-sign-in = Sign in to do this.
library-error-loan-limit = You have borrowed as many books as this library allows. Return one, then try again.
library-error-hold-limit = You have as many holds as this library allows. Cancel one, then try again.
library-error-no-copies = No copy is free just now. Place a hold instead.
library-error-card-expired = Your library card has expired. Ask the library to renew it.
library-error-blocked = The library has blocked borrowing on this card. Ask the library.
library-error-server = The library had a problem. Try again later.
library-error-server-detail = The library says: { $detail }
library-error-not-found = The library no longer has this. Go back and look again.
library-error-not-offered = The library does not offer this for this book.
library-error-document = The library sent something Tomoshibi cannot read. Try again later, or ask the library.
library-error-setup = Tomoshibi could not get ready to connect. Restart it.
download-error-interrupted = The download was interrupted. Press Download again to continue where it stopped.
download-error-forbidden = The library refused the download. Check that the book is still on loan to you.
download-error-corrupt = The download arrived damaged. Press Download again.
download-error-disk = The book could not be saved. Check that the disk has free space.
cli-library-card-needed = Give your library card number with --card. The PIN is asked for, or read from TOMOSHIBI_PIN.
cli-library-no-search = This catalog page offers no search. Give the catalog's start address.
cli-library-lcp = Borrowed, protected by the library with Readium LCP (licence { $id }). Download it with "tomoshibi library download"; its passphrase is asked when it opens.
cli-library-downloaded = Saved { $path } ({ $bytes } bytes).
cli-library-not-feed = { $url } is a single book, not a list. Use "show" for it.
cli-library-not-entry = This address is a list, not one book. Give the address of the book.
cli-library-pin-prompt = PIN:{" "}
cli-library-pin-missing = No PIN was given. Type it when asked, or set TOMOSHIBI_PIN.
cli-library-next = Next page: { $url }
cli-demo-failed = The demo library could not start: { $reason }
cli-demo-running = The demo library is running at { $url } (card { $card }, PIN { $pin }). Press Ctrl+C to stop it.
loans-ended = Loan ended: { $titles }. The book went back to the library and was removed from this computer.
loans-due-soon = Due soon: { $loans }.
loans-due-item = { $title } on { $date }
holds-ready = A hold came in, ready for you to borrow: { $holds }.
holds-ready-item = { $title } (borrow by { $date })
details-download-progress = Download
details-cancel-download = Cancel download
details-download-cancelled = Download cancelled. Nothing was kept on this computer.
export-done = Wrote { $path }: { $minutes } min { $seconds } s of audio.
export-skipped = Left out (missing or unreadable): { $href }
export-failed = The audio could not be written: { $reason }. Check that the folder exists and has free space.
export-bad-place = “{ $place }” is not a place in the book. Use a time (12:30 or 1:02:03), page:LABEL or heading:NUMBER.
export-no-page = The book has no page “{ $page }”.
export-no-heading = The book has no heading number { $number }.
export-past-end = { $time } is past the end of the book.
export-no-audio = This book has no recorded audio. Open it in Tomoshibi to have it read aloud.
export-backwards = The end comes before the start. Swap --from and --to.
export-time-needs-audio = This book has no recorded audio, so it has no times. Use page:LABEL or heading:NUMBER.
export-no-engine = No speech engine can read this book aloud ({ $reason }). Run the set-up command from the README, then try again.

## Readium LCP protected books
passphrase-title = Passphrase for this book
passphrase-intro = This book is protected by your library. Type the passphrase the library gave you to open it.
passphrase-hint = The library's hint: { $hint }
passphrase-hint-page = Help with the passphrase: { $url }
passphrase-field = Passphrase
passphrase-remember = Remember for this library's books
passphrase-remember-hint = Only a key made from the passphrase is kept, in this computer's keyring, never the passphrase itself. Turn this off on a shared computer.
passphrase-submit = Open the book
passphrase-cancel = Cancel
passphrase-busy = Opening the book…
passphrase-missing = Type the passphrase first.
passphrase-wrong = That passphrase does not open this book. Check it and try again.
book-error-lcp-certified = This book is protected with Readium LCP for certified reading apps. Tomoshibi cannot open it; read it in a certified LCP app such as Thorium Reader, or ask your library for another format.
book-error-protected = This book is protected ({ $scheme }). Tomoshibi cannot open it; ask your library for an unprotected or LCP copy.
book-error-passphrase-required = This book is protected by your library and needs its passphrase.
book-error-passphrase-wrong = The passphrase does not open this book.
book-error-lcp-damaged = This protected book is damaged or incomplete. Return it and borrow it again, or ask your library.
cli-lcp-passphrase = Set the environment variable TOMOSHIBI_LCP_PASSPHRASE to the book's passphrase and try again (the library's hint: { $hint }).
lending-lcp-received = { $title } is on loan, protected by your library. Downloading it…
rcmd-play-pause = Play or pause the recorded audio (talking books)
rcmd-skip = Skip forward or back in the audio by the step set in Settings (Right, Left)
rcmd-speed = Faster or slower audio, pitch kept (Alt+Up, Alt+Down)
player-playing = Playing.
player-paused = Paused.
player-no-audio = This book has no recorded audio.
player-speed = Speed { $speed }
player-skipped = The audio file { $href } is missing or unreadable; it was skipped.
player-unspoken = Part of this book has no recording, and it could not be read aloud instead ({ $reason }); it was skipped. Check that speech is installed (run the set-up command from the README).
speech-engine-missing = { $engine } is not installed ({ $missing } was not found)
speech-engine-unsupported = { $engine } cannot speak this language ({ $language })
speech-engine-timeout = { $engine } took too long
speech-engine-failed = { $engine } did not work ({ $detail })
player-finished = End of the book.
player-no-output = No sound output was found, so nothing can be heard. The text still follows along. Check the speakers or headphones, then open the book again.
player-time = { $elapsed } of { $total }
player-in-spoken-text = This part has no recording: the computer voice reads it.
read-aloud-started = Reading aloud.
read-aloud-failed = The book cannot be read aloud: { $reason }. Check that speech is installed (run the set-up command from the README).
read-aloud-fell-back = Open JTalk could not read a sentence ({ $reason }), so reading goes on with the speech service's voice. Check that Open JTalk is installed (run the set-up command from the README).
rcmd-phrase = Next or previous phrase of the audio (Ctrl+Right, Ctrl+Left)
rcmd-sleep = Sleep timer: 15, 30 or 60 minutes, end of chapter, end of paragraph, or off
player-no-phrase = No more phrases that way.
player-sleep-set = Playback will fade out and stop in { $minutes } minutes.
player-sleep-off = Sleep timer off.
player-sleep-done = Sleep timer: playback paused. Press Ctrl+P to go on.
pref-skip-step = Skip step of talking books
pref-skip-read = Read
pref-skip-skip = Skip
pref-skip-page-numbers = Page numbers in talking books
pref-skip-notes = Notes in talking books
pref-skip-sidebars = Sidebars in talking books
pref-skip-producer-notes = Producer's notes in talking books
seconds = { $value } seconds
player-sleep-chapter = Playback will stop at the end of this chapter.
player-sleep-item = Playback will stop at the end of this paragraph.

pref-paragraph-spacing = Space between paragraphs in books
pref-letter-spacing = Space between letters in books
pref-ruby = Ruby (furigana) readings
ruby-above = Small, above the text (beside it in vertical writing)
ruby-brackets = In brackets after the word
ruby-hidden = Hidden
pref-writing = Writing direction of books
writing-book = As the book is set (vertical for vertical books)
writing-horizontal = Always horizontal
writing-vertical = Always vertical (top to bottom, right to left)
rcmd-follow-note = Follow the link or note reference in this text; with several, choose from a list (Alt+Left returns)
reader-no-note = This text has no link or note reference to a place in the book.
rcmd-leave-structure = Leave the table, list, note or sidebar you are in (a note read where it is referenced: back to the text)
reader-not-in-structure = This is not in a table, list, note or sidebar.
reader-link-note = Note {$label}
rcmd-page-zoom = Page pictures larger or smaller (100 to 800 percent)
rcmd-fit-width = Page picture as wide as the window
rcmd-fit-page = Whole page in the window
rcmd-pan = Move around an enlarged page
reader-zoom = Page at { $percent } percent
reader-fit-width = Page as wide as the window
reader-fit-page = Whole page
reader-zoom-largest = The page is as large as it goes (800 percent).
reader-zoom-whole = The whole page is shown.
reader-not-pages = This book is not a book of page pictures.
bookshelf-book-anonymous = { $title }, { $format }, { $percent } percent read
font-installed = A font installed on this computer
pref-font-family = Installed font
rcmd-go-to-time = Go to a time in the recorded audio
go-to-time-title = Go to time
go-to-time-intro = Now at { $elapsed } of { $total }.
go-to-time-field = Go to time, as minutes:seconds or h:mm:ss
go-to-time-hint = For example 1:30 or 1:02:03. A number alone is seconds. Press Enter to go.
go-to-time-go = Go
go-to-time-cancel = Cancel
go-to-time-empty = Type a time first, for example 1:30.
go-to-time-unreadable = “{ $text }” is not a time. Type minutes:seconds like 1:30, or hours:minutes:seconds like 1:02:03.
go-to-time-past-end = { $time } is past the end: the book is { $total } long. Type an earlier time.
go-to-time-needs-audio = This book has no recorded audio, so it has no times. Use the contents (Ctrl+T) or a page (Ctrl+G) instead.
player-went-to-time = { $time } of { $total }.
player-time-missing = That time could not be found in the audio. Try another time.
export-no-place = That place is not in the book.
export-cancelled = Saving the audio file was stopped. No file was left behind.
rcmd-save-audio = Save the book, or a part of it, as an audio file
save-audio-title = Save as audio file
save-audio-intro = Saves “{ $title }” as a WAV file, to listen to on another device. Recorded audio is saved as it is; a book without recordings is read by the speech engine.
save-audio-span = What to save
save-audio-whole-book = The whole book
save-audio-to-chapter-end = From here to the end of the chapter
save-audio-chapter = This chapter
save-audio-speed = Speed, pitch kept
save-audio-speed-value = { $speed } times
save-audio-file = File to save
save-audio-file-hint = A .wav file in a folder that exists. Press Enter to save.
save-audio-save = Save
save-audio-progress = Saving
save-audio-stop = Stop saving
save-audio-close = Back to the book
save-audio-started = Saving the audio file. This can take a while; you can go on reading.
save-audio-no-file = Type the name of the file to save, for example { "~/Music/book.wav" }.
save-audio-is-folder = { $path } is a folder. Add a file name at the end, for example /book.wav.
save-audio-no-folder = The folder { $folder } does not exist. Type a file name in a folder that exists, for example in your Music folder.
save-audio-exists = { $path } already exists, and it is not written over. Type another file name.
pref-voice-ja = Read-aloud voice for Japanese
pref-voice-en = Read-aloud voice for English
pref-voice-zh = Read-aloud voice for Chinese
pref-voice-ko = Read-aloud voice for Korean
pref-voice-vi = Read-aloud voice for Vietnamese
pref-voice-tl = Read-aloud voice for Filipino (Tagalog)
pref-voice-pt = Read-aloud voice for Portuguese
pref-voice-es = Read-aloud voice for Spanish
pref-voice-ne = Read-aloud voice for Nepali
pref-voice-id = Read-aloud voice for Indonesian
pref-voice-th = Read-aloud voice for Thai
pref-voice-my = Read-aloud voice for Burmese
pref-voice-fr = Read-aloud voice for French
pref-voice-automatic = Automatic
pref-voice-help = The voice that reads books in this language aloud (Ctrl+P) and speaks them into audio files. Automatic: Open JTalk for Japanese when installed, else eSpeak NG.
save-audio-nothing = There is no audio in that part of the book. Choose the whole book or this chapter, or move to another place and try again.
