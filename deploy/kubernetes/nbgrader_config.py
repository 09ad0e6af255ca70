"""nbgrader settings for every user server of the Kubernetes deployment (/etc/jupyter in the image).

Learners fetch and submit through the exchange, a volume shared by all servers
(values.yaml: singleuser.storage.extraVolumes). Trainers grade from a clone of the
project, whose autograder/nbgrader_config.py adds the rest (and wins where both set a value).
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "reseau"
c.Exchange.root = "/srv/nbgrader/exchange"
