# Case data is not edited in Django's admin: administrators see no case data by
# default (DOMAIN.md section 1), and every change goes through the services.
