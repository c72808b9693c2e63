# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OVP seed's callback payload, shared by the normaliser's and the filter's tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# The "Output Example" of seed 001 (CDNetworks Cloud VoD, video upload callback), byte for byte.
# The lines of the two cover image URLs are split in two literals (lines of at most 160 characters); the
# string is the seed's text unchanged (see test_seed_example_is_the_seed_byte_for_byte).
SEED_EXAMPLE = (r'''{
    "code": 200,
    "data": {
        "videoListInfo": [
            {
                "createUser": "testUser",
                "encrypt": 0,
                "flashAutoPlay": 1,
                "flashImageRatio": 0,
                "flashPlayerId": "DF2DAF233DDA",
                "flashPlayerName": "basic player",
                "imageUrl": "http://ovptest.haplat.net//live/201708/4101630234a74ee8864e56ea88e5d290_20170801171220/'''
                r'''cloudv-cover/9B0F7BA8BCB9D056D4C24ADDBF821D10.jpg",
                "publishDomain": "ovptest.haplat.net",
                "transcodeState": "5",
                "updateTime": "1501578874",
                "uploadTime": "1501578866",
                "videoClassification": "null",
                "videoDescription": "",
                "videoDuration": "36",
                "videoId": "9B0F7BA8BCB9D056D4C24ADDBF821D10",
                "videoName": "creattest_20170801171220",
                "videoResolutions": [
                    {
                        "clarity": -99,
                        "fileSize": 5579209,
                        "height": 768,
                        "serverType": -1,
                        "width": 1364
                    },
                    {
                        "clarity": 1,
                        "fileSize": 5573951,
                        "height": 768,
                        "serverType": -1,
                        "width": 1364
                    }
                ],
                "videoSize": "11153160",
                "videoSourceCode": 2,
                "videoState": "0"
            },
            {
                "createUser": "testUser",
                "encrypt": 0,
                "flashAutoPlay": 1,
                "flashImageRatio": 0,
                "flashPlayerId": "DF2DAF233DDA",
                "flashPlayerName": "basic player",
                "imageUrl": "http://ovptest.haplat.net//live/201708/4101630234a74ee8864e56ea88e5d290_20170801171104/'''
                r'''cloudv-cover/E869FC95F3C7493ED56E8751C4AA7BEE.jpg",
                "publishDomain": "ovptest.haplat.net",
                "transcodeState": "5",
                "updateTime": "1501578796",
                "uploadTime": "1501578790",
                "videoClassification": "null",
                "videoDescription": "",
                "videoDuration": "15",
                "videoId": "E869FC95F3C7493ED56E8751C4AA7BEE",
                "videoName": "creattest_20170801171104",
                "videoResolutions": [
                    {
                        "clarity": -99,
                        "fileSize": 2533394,
                        "height": 768,
                        "serverType": -1,
                        "width": 1364
                    },
                    {
                        "clarity": 1,
                        "fileSize": 2531523,
                        "height": 768,
                        "serverType": -1,
                        "width": 1364
                    }
                ],
                "videoSize": "5064917",
                "videoSourceCode": 2,
                "videoState": "0"
            }
        ],
        "videoTotal": 2
    },
    "message": "success"
}''')
