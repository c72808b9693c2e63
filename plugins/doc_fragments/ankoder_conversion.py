# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The conversion fields of Ankoder's /download and /job, by their API names.
    DOCUMENTATION = r'''
options:
  video_format:
    description: Output container.
    type: str
    choices: [3g2, 3gp, asf, avi, dvd, flv, mjpeg, mov, mp3, mp4, mpeg, mpeg2video, mpegts, ogg, psp, rm, svcd, vcd, vob, matroska, wmv]
  video_codec:
    description: Video codec.
    type: str
    choices: [flv, h263, h264, huffyuv, mjpeg, mp4, wmv1, wmv2, xvid, mpeg4, theora, msmpeg4v2]
  audio_codec:
    description: Audio codec.
    type: str
    choices: [aac, ac3, amr, flac, mp3, vorbis, wmav2, mpeg4aac, mp2]
  width:
    description: Frame width, a non-zero integer.
    type: int
  height:
    description: Frame height, a non-zero integer.
    type: int
  video_bitrate:
    description: Video bitrate, an integer below 10000.
    type: int
  video_fps:
    description: Frame rate, a non-zero integer.
    type: int
  audio_bitrate:
    description: Audio bitrate, a non-zero integer.
    type: int
  audio_sample_rate:
    description: Audio sampling frequency, a non-zero integer.
    type: int
  audio_channel:
    description: Number of audio channels.
    type: int
    choices: [1, 2]
  keep_aspect:
    description: Fit the video within O(width) and O(height) instead of stretching it.
    type: bool
  add_padding:
    description: Add padding to fit the specified size.
    type: bool
  suffix:
    description: Suffix of the output file.
    type: str
  trim_begin:
    description: Start encoding from this second, 0 or more.
    type: int
  duration:
    description: Seconds to encode, more than 0.
    type: int
  bitrate_tolerance:
    description: Bitrate tolerance; the service defaults it to O(video_bitrate).
    type: int
  thumbnail_width:
    description: Thumbnail width, 0 or more; the service defaults it to the video's width.
    type: int
  thumbnail_height:
    description: Thumbnail height, 0 or more; the service defaults it to the video's height.
    type: int
  thumb_moments:
    description: Second at which to capture the thumbnail, more than 0.01.
    type: float
  thumb_amount:
    description: Number of additional thumbnails, 0 or more.
    type: int
  thumb_start:
    description: Start of the period for additional thumbnails, in seconds, more than 0.01.
    type: float
  thumb_end:
    description: End of the period for additional thumbnails, in seconds, more than 0.01.
    type: float
  thumb_way:
    description: How the additional thumbnails are spread over the period.
    type: str
    choices: [even, rand]
  watermark_url:
    description: URL of the logo image (GIF, JPG or PNG).
    type: str
  watermark_transparent:
    description: Whether the watermark is transparent.
    type: bool
  watermark_size:
    description: Size of the watermark relative to the video, 0 to 99.
    type: int
  watermark_top:
    description: Top offset of the watermark, 0 or more.
    type: int
  watermark_left:
    description: Left offset of the watermark, 0 or more.
    type: int
  segment_duration:
    description: HTTP Live Streaming segment duration in seconds, 5 or more.
    type: int
  upload_url:
    description:
      - Where the converted file goes (V(s3://bucket), V(ftp://user:password@host/folder),
        V(sftp://user:password@host/folder)). A password in it is masked in every output.
    type: str
  thumbnail_upload_url:
    description: Where the thumbnails go; the same forms as O(upload_url).
    type: str
  postback_url:
    description: An http(s) URL the service posts its notification to when the job ends.
    type: str
'''
