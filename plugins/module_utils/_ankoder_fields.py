# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder's conversion fields, their rules, and the form they are sent as.

Shared by ankoder_video (URL import, which converts on arrival) and
ankoder_job. Every rule of docs/docsite/rst/wire_ankoder.rst (Endpoints, the conversion
fields) is checked before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._state import declared

VIDEO_FORMATS = ['3g2', '3gp', 'asf', 'avi', 'dvd', 'flv', 'mjpeg', 'mov', 'mp3', 'mp4', 'mpeg', 'mpeg2video',
                 'mpegts', 'ogg', 'psp', 'rm', 'svcd', 'vcd', 'vob', 'matroska', 'wmv']
VIDEO_CODECS = ['flv', 'h263', 'h264', 'huffyuv', 'mjpeg', 'mp4', 'wmv1', 'wmv2', 'xvid', 'mpeg4', 'theora',
                'msmpeg4v2']
AUDIO_CODECS = ['aac', 'ac3', 'amr', 'flac', 'mp3', 'vorbis', 'wmav2', 'mpeg4aac', 'mp2']
MANDATORY_WITHOUT_PROFILE = ('video_format', 'video_codec', 'audio_codec')
UPLOAD_SCHEMES = ('s3://', 'ftp://', 'sftp://')

# name: (argspec, rule); a rule is (kind, bound) checked by check_rules().
FIELDS = {
    'video_format': (dict(type='str', choices=VIDEO_FORMATS), None),
    'video_codec': (dict(type='str', choices=VIDEO_CODECS), None),
    'audio_codec': (dict(type='str', choices=AUDIO_CODECS), None),
    'width': (dict(type='int'), ('nonzero', None)),
    'height': (dict(type='int'), ('nonzero', None)),
    'video_bitrate': (dict(type='int'), ('below', 10000)),
    'video_fps': (dict(type='int'), ('nonzero', None)),
    'audio_bitrate': (dict(type='int'), ('nonzero', None)),
    'audio_sample_rate': (dict(type='int'), ('nonzero', None)),
    'audio_channel': (dict(type='int', choices=[1, 2]), None),
    'keep_aspect': (dict(type='bool'), None),
    'add_padding': (dict(type='bool'), None),
    'suffix': (dict(type='str'), None),
    'trim_begin': (dict(type='int'), ('at_least', 0)),
    'duration': (dict(type='int'), ('above', 0)),
    'bitrate_tolerance': (dict(type='int'), None),
    'thumbnail_width': (dict(type='int'), ('at_least', 0)),
    'thumbnail_height': (dict(type='int'), ('at_least', 0)),
    'thumb_moments': (dict(type='float'), ('above', 0.01)),
    'thumb_amount': (dict(type='int'), ('at_least', 0)),
    'thumb_start': (dict(type='float'), ('above', 0.01)),
    'thumb_end': (dict(type='float'), ('above', 0.01)),
    'thumb_way': (dict(type='str', choices=['even', 'rand']), None),
    'watermark_url': (dict(type='str'), None),
    'watermark_transparent': (dict(type='bool'), None),
    'watermark_size': (dict(type='int'), ('range', (0, 99))),
    'watermark_top': (dict(type='int'), ('at_least', 0)),
    'watermark_left': (dict(type='int'), ('at_least', 0)),
    'segment_duration': (dict(type='int'), ('at_least', 5)),
}
DESTINATIONS = {
    'upload_url': dict(type='str'),
    'thumbnail_upload_url': dict(type='str'),
    'postback_url': dict(type='str'),
}


def argument_spec():
    spec = dict((name, dict(argspec)) for name, (argspec, _rule) in FIELDS.items())
    spec.update((name, dict(argspec)) for name, argspec in DESTINATIONS.items())
    return spec


def _broken(name, value, rule):
    kind, bound = rule
    if kind == 'nonzero' and value == 0:
        return '%s must be a non-zero integer, not %s' % (name, value)
    if kind == 'below' and value >= bound:
        return '%s must be less than %s, not %s' % (name, bound, value)
    if kind == 'at_least' and value < bound:
        return '%s must be %s or more, not %s' % (name, bound, value)
    if kind == 'above' and value <= bound:
        return '%s must be greater than %s, not %s' % (name, bound, value)
    if kind == 'range' and not bound[0] <= value <= bound[1]:
        return '%s must be between %s and %s, not %s' % (name, bound[0], bound[1], value)
    return None


def check_rules(params, has_profile):
    """Raise ValidationError listing every broken rule; nothing is sent before this passes."""
    problems = []
    for name, (_argspec, rule) in sorted(FIELDS.items()):
        value = params.get(name)
        if value is not None and rule is not None:
            problem = _broken(name, value, rule)
            if problem:
                problems.append(problem)
    for name in ('upload_url', 'thumbnail_upload_url'):
        url = params.get(name)
        if url is not None and not url.startswith(UPLOAD_SCHEMES):
            problems.append('%s must start with s3://, ftp:// or sftp://' % name)
    if params.get('postback_url') is not None and not params['postback_url'].startswith(('http://', 'https://')):
        problems.append('postback_url must be an http:// or https:// URL')
    if not has_profile:
        missing = [name for name in MANDATORY_WITHOUT_PROFILE if params.get(name) is None]
        if missing:
            problems.append('without a profile, %s must be given (missing: %s)' % (
                ', '.join(MANDATORY_WITHOUT_PROFILE), ', '.join(missing)))
    if problems:
        raise ValidationError('invalid conversion options: ' + '; '.join(problems), problems=problems)


def declared_fields(params):
    """The conversion and destination options the user set, by API name."""
    return declared(params, list(FIELDS) + list(DESTINATIONS))


def to_form(fields):
    """Declared values as the form strings Ankoder expects (booleans as 0/1)."""
    form = {}
    for name, value in fields.items():
        if isinstance(value, bool):
            value = 1 if value else 0
        form[name] = str(value)
    return form
