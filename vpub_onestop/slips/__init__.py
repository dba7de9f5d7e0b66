"""The official forms (Mẫu 01–06) as printable PDFs: data gathering, layout and rendering.

The use cases live in `vpub_onestop.services.slips`; the HTML of each form is in
`templates/slips/`.
"""
