# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Ankoder XML into typed values; hostile documents refused."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml as xml
from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError

# Samples copied from Ankoder's own API page (seed 000, see docs/docsite/rst/wire_ankoder.rst).
DOWNLOAD_VIDEO = b"""<video>
  <id>8206</id>
  <progress>0</progress>
  <created_at>Tue May 13 10:31:30 +0000 2008</created_at>
</video>
"""

VIDEO = b"""<video>
  <id>8206</id>
  <filename>bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47_2.flv</filename>
  <readable>true</readable>
  <specs>
    <size>3395183</size>
    <audio codec="mp3"/>
    <video codec="flv" fps="29.97" />
    <spec width="320" height="240" content_type="video/x-flv"/>
  </specs>
  <duration>30000</duration>
  <progress>100</progress>
  <created_at>Tue May 13 10:31:30 +0000 2008</created_at>
</video>
"""

PROFILE_BODY = """  <profile>
    <id>2</id>
    <name>psp</name>
    <created_at>2007-12-27 06:33:39 UTC</created_at>
    <width>480</width>
    <height>272</height>
    <video_format>mp4</video_format>
    <video_fps>29.97</video_fps>
    <video_bitrate>768.0</video_bitrate>
    <video_codec>h264</video_codec>
    <audio_channel>2</audio_channel>
    <audio_codec>aac</audio_codec>
    <audio_bitrate>128.0</audio_bitrate>
    <audio_rate>48000</audio_rate>
    <thumbnail_width></thumbnail_width>
    <thumbnail_height></thumbnail_height>
    <trim_begin></trim_begin>
    <max_duration></max_duration>
    <add_padding>false</add_padding>
    <keep_aspect>false</keep_aspect>
  </profile>
"""

PROFILES = ('<profiles>\n' + PROFILE_BODY + '</profiles>\n').encode('utf-8')

JOB_SUBMITTED = ("""<job>
  <id>55</id>
  <status>submitting</status>
  <original_file>
    <id>175</id>
    <filename>bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47.flv</filename>
    <readable>true</readable>
    <size>29714</size>
    <audio codec="mp3"/>
    <video codec="flv" fps="25"/>
    <spec height="240" width="320" content_type="video/x-flv"/>
    <duration>100</duration>
    <progress>0</progress>
    <created_at>2009-08-17 11:15:59 UTC</created_at>
  </original_file>
""" + PROFILE_BODY + """  <convert_progress></convert_progress>
  <created_at>2009-08-18 09:45:47 UTC</created_at>
</job>
""").encode('utf-8')

FILE_COMPLETED = """
    <id>175</id>
    <filename>bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47.flv</filename>
    <readable>true</readable>
    <size>29714</size>
    <audio codec="mp3"/>
    <video codec="flv" fps=""/>
    <spec height="240" width="320" content_type=""/>
    <duration>100</duration>
    <progress>0</progress>
    <created_at>2009-08-17 11:15:59 UTC</created_at>
"""

JOB_COMPLETED = ("""<job>
  <id>55</id>
  <status>completed</status>
  <original_file>""" + FILE_COMPLETED + """  </original_file>
  <convert_file>""" + FILE_COMPLETED + """  </convert_file>
""" + PROFILE_BODY + """</job>
""").encode('utf-8')

EXPECTED_PROFILE = {
    'id': 2, 'name': 'psp', 'created_at': '2007-12-27 06:33:39 UTC', 'width': 480, 'height': 272,
    'video_format': 'mp4', 'video_fps': 29.97, 'video_bitrate': 768.0, 'video_codec': 'h264', 'audio_channel': 2,
    'audio_codec': 'aac', 'audio_bitrate': 128.0, 'audio_rate': 48000, 'thumbnail_width': None,
    'thumbnail_height': None, 'trim_begin': None, 'max_duration': None, 'add_padding': False, 'keep_aspect': False,
}


def test_download_video():
    tag, value = xml.document(DOWNLOAD_VIDEO)
    assert tag == 'video'
    assert value == {'id': 8206, 'progress': 0, 'created_at': 'Tue May 13 10:31:30 +0000 2008'}
    assert value['id'].__class__ is int and value['progress'].__class__ is int


def test_video_with_specs():
    tag, value = xml.document(VIDEO)
    assert tag == 'video'
    assert value == {
        'id': 8206,
        'filename': 'bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47_2.flv',
        'readable': True,
        'specs': {
            'size': 3395183,
            'audio': {'codec': 'mp3'},
            'video': {'codec': 'flv', 'fps': 29.97},
            'spec': {'width': 320, 'height': 240, 'content_type': 'video/x-flv'},
        },
        'duration': 30000,
        'progress': 100,
        'created_at': 'Tue May 13 10:31:30 +0000 2008',
    }
    assert value['readable'] is True
    assert value['specs']['video']['fps'].__class__ is float
    assert value['specs']['spec']['width'].__class__ is int
    assert value['specs']['size'].__class__ is int


def test_video_as_text():
    assert xml.document(VIDEO.decode('utf-8')) == xml.document(VIDEO)


def test_profiles_one_element_is_a_list():
    tag, value = xml.document(PROFILES)
    assert tag == 'profiles'
    assert value == [EXPECTED_PROFILE]
    profile = value[0]
    assert profile['video_fps'].__class__ is float and profile['video_fps'] == 29.97
    assert profile['video_bitrate'].__class__ is float and profile['video_bitrate'] == 768.0
    assert profile['audio_rate'].__class__ is int
    assert profile['add_padding'] is False and profile['keep_aspect'] is False
    assert profile['trim_begin'] is None


def test_profiles_zero_and_two():
    assert xml.document(b'<profiles></profiles>') == ('profiles', [])
    assert xml.document(b'<profiles/>') == ('profiles', [])
    body = '<profiles>' + PROFILE_BODY + PROFILE_BODY.replace('<id>2</id>', '<id>3</id>') + '</profiles>'
    tag, value = xml.document(body.encode('utf-8'))
    assert tag == 'profiles'
    assert [p['id'] for p in value] == [2, 3]


def test_job_submitted():
    tag, value = xml.document(JOB_SUBMITTED)
    assert tag == 'job'
    assert value['id'] == 55 and value['status'] == 'submitting'
    assert value['convert_progress'] is None
    assert value['created_at'] == '2009-08-18 09:45:47 UTC'
    assert value['profile'] == EXPECTED_PROFILE
    original = value['original_file']
    assert original == {
        'id': 175, 'filename': 'bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47.flv', 'readable': True, 'size': 29714,
        'audio': {'codec': 'mp3'}, 'video': {'codec': 'flv', 'fps': 25},
        'spec': {'height': 240, 'width': 320, 'content_type': 'video/x-flv'},
        'duration': 100, 'progress': 0, 'created_at': '2009-08-17 11:15:59 UTC',
    }
    assert original['video']['fps'].__class__ is int


def test_job_completed_empty_attributes_are_none():
    tag, value = xml.document(JOB_COMPLETED)
    assert tag == 'job'
    assert value['status'] == 'completed'
    for name in ('original_file', 'convert_file'):
        item = value[name]
        assert item['video'] == {'codec': 'flv', 'fps': None}
        assert item['spec'] == {'height': 240, 'width': 320, 'content_type': None}
        assert item['audio'] == {'codec': 'mp3'}
    assert value['profile']['name'] == 'psp'


def test_names_stay_strings():
    tag, value = xml.document(b'<profile><id>2</id><name>2</name><suffix>720</suffix><filename>1.5</filename>'
                              b'<login>007</login><url>true</url></profile>')
    assert tag == 'profile'
    assert value == {'id': 2, 'name': '2', 'suffix': '720', 'filename': '1.5', 'login': '007', 'url': 'true'}
    assert value['id'].__class__ is int and value['name'].__class__ is str


def test_scalar_typing():
    tag, value = xml.document(b'<v><a>-5</a><b>0</b><c>007</c><d>-1.25</d><e>True</e><f>  </f><g> 12 </g></v>')
    assert tag == 'v'
    assert value == {'a': -5, 'b': 0, 'c': '007', 'd': -1.25, 'e': 'True', 'f': None, 'g': 12}


def test_attributes_and_text():
    assert xml.document(b'<v><size unit="bytes">12</size></v>') == ('v', {'size': {'unit': 'bytes', 'value': 12}})


def test_comments_and_processing_instructions_ignored():
    assert xml.document(b'<video><!-- note --><id>1</id><?pi data?></video>') == ('video', {'id': 1})


def test_error_messages():
    assert xml.error_messages(b"<errors>\n  <error>Source url can't be blank</error>\n</errors>") == \
        ["Source url can't be blank"]
    assert xml.error_messages(b'<errors><error>Width must be non-zero</error><error>2</error></errors>') == \
        ['Width must be non-zero', '2']
    assert xml.error_messages(b'<error>Replayed signature</error>') == ['Replayed signature']
    assert xml.error_messages(b'<errors></errors>') == []
    assert xml.error_messages(VIDEO) == []
    assert xml.error_messages(b'Internal Server Error') == []
    assert xml.error_messages(b'') == []


def test_xml_error_is_an_api_error():
    with pytest.raises(ApiError):
        xml.parse(b'<oops')


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<video><name>&lol9;</name></video>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE video [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<video><name>&xxe;</name></video>
"""

PARAMETER_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE video [
 <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
 <!ENTITY % local "<!ENTITY leak 'x'>">
 %remote;
 %local;
]>
<video><name>&leak;</name></video>
"""


@pytest.mark.parametrize('body', [
    BILLION_LAUGHS,
    XXE,
    PARAMETER_ENTITIES,
    b'<!DOCTYPE video>',
    b'<?xml version="1.0"?>\n<!DOCTYPE video SYSTEM "http://127.0.0.1:9/video.dtd">\n<video><id>1</id></video>',
    b'<!DOCTYPE video><video><id>1</id></video>',
], ids=['billion-laughs', 'xxe', 'parameter-entities', 'doctype-only', 'external-dtd', 'harmless-doctype'])
def test_hostile_documents_refused(body):
    with pytest.raises(xml.XmlError) as info:
        xml.document(body)
    assert 'document type declaration' in str(info.value)
    assert 'root:' not in str(info.value)


def test_hostile_text_input_refused():
    with pytest.raises(xml.XmlError):
        xml.document(XXE.decode('ascii'))


def _utf16(body):
    return body.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>').decode('ascii').encode('utf-16')


@pytest.mark.parametrize('body', [BILLION_LAUGHS, XXE], ids=['billion-laughs', 'xxe'])
def test_utf16_hostile_documents_expand_nothing(body):
    """Whatever else happens, no entity is expanded and no file is read."""
    try:
        dummy, value = xml.document(_utf16(body))
    except xml.XmlError:
        return
    assert 'root:' not in repr(value) and 'lol' not in repr(value)


@pytest.mark.parametrize('body', [
    XXE,
    b'<?xml version="1.0"?><!DOCTYPE video [<!ENTITY e "expanded">]><video><name>&e;</name></video>',
], ids=['xxe', 'internal-entity'])
def test_utf16_hostile_documents_refused(body):
    with pytest.raises(xml.XmlError):
        xml.document(_utf16(body))


@pytest.mark.parametrize('body', [
    b'<video><id>1</id>',
    b'<video><id>1</id></vid',
    b'<video><id>1</video>',
    b'not xml at all',
    b'',
    b'   ',
    b'<?xml version="1.0"?>',
    b'<a/><b/>',
    b'{"id": 1}',
])
def test_malformed_refused(body):
    with pytest.raises(xml.XmlError):
        xml.document(body)


def test_oversize_refused():
    filler = b'x' * (xml.MAX_BYTES - len(b'<a></a>'))
    at_limit = b'<a>' + filler + b'</a>'
    assert len(at_limit) == xml.MAX_BYTES
    tag, value = xml.document(at_limit)
    assert tag == 'a' and len(value) == len(filler)
    over = b'<a>' + filler + b'x</a>'
    assert len(over) == xml.MAX_BYTES + 1
    with pytest.raises(xml.XmlError) as info:
        xml.document(over)
    assert 'larger than' in str(info.value)
