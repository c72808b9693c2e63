# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fmt: IVA's caption formats, in the order URL (where the seed's example puts it) and in the caption file URL."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _iva_signer as signer
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import FORMATS, caption_format
from ansible_collections.mediaops.video.plugins.module_utils._iva_module import caption_item


def test_an_order_with_fmt_against_a_literal():
    """Computed outside Python::

        printf %s 'demo-iva-token-0001https://video.internetvideoarchive.net/captionorder.ashx?customerid=45678'\\
        '&publishedid=126095&languageid=0&fmt=2&e=1795307092' | tr A-Z a-z | md5sum
    """
    url = signer.signed_url('https://video.internetvideoarchive.net/captionorder.ashx', '45678', 126095, 0, 1795307092,
                            'Demo-IVA-Token-0001', fmt=2)
    assert url == ('https://video.internetvideoarchive.net/captionorder.ashx?customerid=45678&publishedid=126095&languageid=0'
                   '&fmt=2&e=1795307092&h=49fab898c15d2b53c56faf347f6b4d66')


def test_an_order_without_fmt_leaves_it_out():
    url = signer.signed_url('https://iva.example/captionorder.ashx', '45678', 126095, 16, 1795306912, 'Token')
    assert 'fmt' not in url


def test_a_caption_file_url_against_a_literal():
    """Computed outside Python::

        printf %s 'demo-iva-token-0001http://127.0.0.1:8790/iva/caption.ashx?customerid=45678&publishedid=126095'\\
        '&languageid=0&fmt=7&e=1795307092' | tr A-Z a-z | md5sum
    """
    url = signer.signed_url('http://127.0.0.1:8790/iva/caption.ashx', '45678', 126095, 0, 1795307092, 'demo-iva-token-0001', 7)
    assert url.endswith('languageid=0&fmt=7&e=1795307092&h=d9ae1ec62c1e2111cdadc64121ac48f4')


@pytest.mark.parametrize('given, number', [
    ('0', 0), (0, 0), ('srt', 0), ('SubRip', 0), ('sbv', 1), ('2', 2), ('DFXP', 2), ('ttml', 2), ('qt', 3),
    ('quicktime', 3), ('tpm', 6), ('vtt', 7), ('WebVTT', 7), (' 7 ', 7), ('echo', 8),
])
def test_formats_by_number_or_name(given, number):
    assert caption_format(given) == number


@pytest.mark.parametrize('given', ['4', '5', '9', '-1', 'mp4', '', 'vtt7', '7.5', True])
def test_other_formats_are_refused_naming_the_table(given):
    with pytest.raises(ValidationError) as info:
        caption_format(given)
    assert 'vtt (7)' in info.value.message and 'srt (0)' in info.value.message


def test_the_table_is_the_vendors():
    assert sorted(FORMATS) == [0, 1, 2, 3, 6, 7, 8]


def test_fmt_is_not_part_of_a_captions_identity():
    """One caption per video and language, in every format: another fmt is the same caption, never a new order."""
    vtt, srt = caption_item(126095, 0, fmt=7), caption_item(126095, 0, fmt=0)
    assert vtt.key == srt.key and vtt.request == srt.request
    assert vtt.data[2] == 7 and srt.data[2] == 0
