# Not Python: the report lists the file as not analyzed and still shows the others.
def broken(:
