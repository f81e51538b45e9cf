"""A person's settings: notification channel and mail language (My account)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('core', '0004_periodic_job'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccountSettings',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='account_settings', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('notify_channel', models.CharField(choices=[('both', 'In the app and by e-mail'), ('in_app', 'In the app only'), ('email', 'By e-mail only')], default='both', max_length=8, verbose_name='notify me')),
                ('language', models.CharField(choices=[('zh-hans', '简体中文'), ('en', 'English')], default='zh-hans', max_length=8, verbose_name='language of my e-mails')),
            ],
            options={
                'verbose_name': 'account settings',
                'verbose_name_plural': 'account settings',
            },
        ),
    ]
