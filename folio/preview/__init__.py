"""The preview: content, styles and templates -> a page in the browser that follows every save.

session.py  the loop: a build on every save (the pipeline's), the pages rendered as soon as
            the PDF is written, the checks' problems drawn on them after; watchfiles
state.py    what the page shows, as the JSON it polls
server.py   http.server on 127.0.0.1: the page, its state, the pages as PNG, the EPUB's files
page.py     the page itself (HTML and a small script, nothing loaded from elsewhere)
"""
