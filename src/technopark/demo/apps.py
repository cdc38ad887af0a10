from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "technopark.demo"
    label = "demo"
    verbose_name = "Демонстрационные данные"
