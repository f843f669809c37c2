# -*- coding: utf-8 -*-
import json
from html import escape
from content import write_expected

OUT = "/tmp/heldout14/"

# ====================== 09 Ghost ======================
G_TITLE = "Drone Incursions Test Air Policing Rules"
G_SITE = "The Frontier Ledger"
G_AUTHOR = "Lena Hoffmann"
G_DATE = "2024-03-08"
G = [
    ("p", "Air forces in the Baltic region scrambled fighters eleven times in February to identify small drones approaching national airspace, according to figures released by the alliance's air command. None of the drones crossed into allied airspace, but officials say the incidents are testing rules written for manned aircraft."),
    ("h2", "Rules written for another era"),
    ("p", "Air policing procedures assume that an intruder can be identified visually and, if necessary, escorted away. A drone the size of a suitcase cannot be escorted anywhere, and shooting it down over populated areas carries risks of its own. \u201cThe fighter is the wrong tool for most of these cases,\u201d a senior air force officer told AFP."),
    ("blockquote", "We are asking pilots to solve a problem that is really about radars, sensors and law."),
    ("p", "Several governments are now drafting legislation that would allow the military to use electronic jamming and other non-kinetic measures against drones in peacetime. Lawyers say such measures raise questions about liability if a jammed drone falls on private property or interferes with civilian communications."),
    ("img", None),
    ("h3", "What happens next"),
    ("p", "The alliance's air command said it would review its procedures at a meeting of air chiefs in April (BNS, Vilnius, March 7). Officials expect the review to recommend closer links between military radars and civilian air traffic control."),
]

def ghost_content():
    out = []
    for k, v in G:
        if k == "p":
            out.append(f"<p>{escape(v, quote=False)}</p>")
        elif k in ("h2", "h3"):
            slug = v.lower().replace(" ", "-")
            out.append(f'<{k} id="{slug}">{escape(v, quote=False)}</{k}>')
        elif k == "blockquote":
            out.append(f"<blockquote>{escape(v, quote=False)}</blockquote>")
        elif k == "img":
            out.append('<figure class="kg-card kg-image-card kg-width-wide"><img src="https://frontierledger.example/content/images/2024/03/radar-site.jpg" class="kg-image" alt="" loading="lazy" width="2000" height="1333" srcset="https://frontierledger.example/content/images/size/w600/2024/03/radar-site.jpg 600w, https://frontierledger.example/content/images/size/w1000/2024/03/radar-site.jpg 1000w" sizes="(min-width: 1200px) 1200px"></figure>')
    return "\n".join(out)

ld = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "https://frontierledger.example/#website", "url": "https://frontierledger.example/", "name": G_SITE,
         "publisher": {"@id": "https://frontierledger.example/#org"}},
        {"@type": "Organization", "@id": "https://frontierledger.example/#org", "name": G_SITE,
         "logo": {"@type": "ImageObject", "url": "https://frontierledger.example/content/images/2023/01/logo.png"}},
        {"@type": "Person", "@id": "https://frontierledger.example/author/lena/#person", "name": G_AUTHOR,
         "url": "https://frontierledger.example/author/lena/"},
        {"@type": "Article", "@id": "https://frontierledger.example/drone-incursions-air-policing/#article",
         "headline": G_TITLE, "url": "https://frontierledger.example/drone-incursions-air-policing/",
         "datePublished": "2024-03-08T07:45:00.000Z", "dateModified": "2024-03-09T16:02:11.000Z",
         "author": {"@id": "https://frontierledger.example/author/lena/#person"},
         "publisher": {"@id": "https://frontierledger.example/#org"},
         "isPartOf": {"@id": "https://frontierledger.example/#website"},
         "keywords": "Air Defence, Baltic, Drones",
         "description": "Fighters were scrambled eleven times in February to identify small drones near Baltic airspace."},
    ],
}

ghost = f'''<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge">
    <title>{escape(G_TITLE)}</title>
    <meta name="HandheldFriendly" content="True">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" type="text/css" href="https://frontierledger.example/assets/built/screen.css?v=4f2a91c0de">
    <meta name="description" content="Fighters were scrambled eleven times in February to identify small drones near Baltic airspace.">
    <link rel="canonical" href="https://frontierledger.example/drone-incursions-air-policing/">
    <meta name="referrer" content="no-referrer-when-downgrade">
    <meta property="og:site_name" content="{G_SITE}">
    <meta property="og:type" content="article">
    <meta property="og:title" content="{escape(G_TITLE)}">
    <meta property="og:description" content="Fighters were scrambled eleven times in February to identify small drones near Baltic airspace.">
    <meta property="og:url" content="https://frontierledger.example/drone-incursions-air-policing/">
    <meta property="og:image" content="https://frontierledger.example/content/images/2024/03/radar-site.jpg">
    <meta property="article:published_time" content="2024-03-08T07:45:00.000Z">
    <meta property="article:modified_time" content="2024-03-09T16:02:11.000Z">
    <meta property="article:tag" content="Air Defence">
    <meta property="article:tag" content="Baltic">
    <meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:title" content="{escape(G_TITLE)}">
    <meta name="twitter:label1" content="Written by">
    <meta name="twitter:data1" content="{G_AUTHOR}">
    <meta name="twitter:label2" content="Filed under">
    <meta name="twitter:data2" content="Air Defence, Baltic">
    <script type="application/ld+json">
{json.dumps(ld, indent=4, ensure_ascii=False)}
    </script>
    <meta name="generator" content="Ghost 5.80">
    <link rel="alternate" type="application/rss+xml" title="{G_SITE}" href="https://frontierledger.example/rss/">
    <script defer src="https://cdn.jsdelivr.net/ghost/portal@~2.37/umd/portal.min.js" data-i18n="false" data-ghost="https://frontierledger.example/" data-key="3b1f0c" data-api="https://frontierledger.example/ghost/api/content/" crossorigin="anonymous"></script>
    <style id="gh-members-styles">.gh-post-upgrade-cta-content {{ padding: 24px; }}</style>
</head>
<body class="post-template tag-air-defence tag-baltic is-head-left-logo has-cover">
<div class="viewport">
    <header id="gh-head" class="gh-head outer">
        <div class="gh-head-inner inner">
            <div class="gh-head-brand">
                <a class="gh-head-logo" href="https://frontierledger.example">{G_SITE}</a>
                <button class="gh-search gh-icon-btn" aria-label="Search this site" data-ghost-search></button>
                <button class="gh-burger" aria-label="Main Menu"></button>
            </div>
            <nav class="gh-head-menu">
                <ul class="nav">
                    <li class="nav-home"><a href="https://frontierledger.example/">Home</a></li>
                    <li class="nav-analysis"><a href="https://frontierledger.example/tag/analysis/">Analysis</a></li>
                    <li class="nav-briefings"><a href="https://frontierledger.example/tag/briefings/">Briefings</a></li>
                    <li class="nav-about"><a href="https://frontierledger.example/about/">About</a></li>
                </ul>
            </nav>
            <div class="gh-head-actions">
                <a class="gh-head-link" href="#/portal/signin" data-portal="signin">Sign in</a>
                <a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a>
            </div>
        </div>
    </header>

    <div class="site-content">
<main id="site-main" class="site-main">
<article class="gh-article post tag-air-defence tag-baltic">

    <header class="gh-article-header gh-canvas">
        <a class="gh-article-tag" href="https://frontierledger.example/tag/air-defence/">Air Defence</a>
        <h1 class="gh-article-title is-title">{escape(G_TITLE)}</h1>
        <div class="gh-article-meta">
            <div class="gh-article-author-image">
                <a href="/author/lena/"><img class="author-profile-image" src="/content/images/2023/02/lena.jpg" alt="{G_AUTHOR}"></a>
            </div>
            <div class="gh-article-meta-wrapper">
                <h4 class="gh-article-author-name"><a href="/author/lena/">{G_AUTHOR}</a></h4>
                <div class="gh-article-meta-content">
                    <time class="gh-article-meta-date" datetime="2024-03-08">Mar 8, 2024</time>
                    <span class="gh-article-meta-length"><span class="bull">&mdash;</span> 3 min read</span>
                </div>
            </div>
        </div>
        <figure class="gh-article-image">
            <img srcset="/content/images/size/w300/2024/03/jets.jpg 300w, /content/images/size/w720/2024/03/jets.jpg 720w" sizes="(max-width: 1200px) 100vw, 1200px" src="/content/images/size/w1200/2024/03/jets.jpg" alt="{escape(G_TITLE)}">
        </figure>
    </header>

    <section class="gh-content gh-canvas is-body">
{ghost_content()}
    </section>

    <section class="gh-post-share gh-canvas">
        <span>Share this article</span>
        <a href="https://twitter.com/share?url=x">Share on X</a> <a href="https://www.linkedin.com/shareArticle?url=x">LinkedIn</a> <a href="mailto:?subject=x">Email</a>
    </section>

</article>
</main>

<section class="footer-cta outer">
    <div class="inner">
        <h2 class="footer-cta-title">Sign up for more like this.</h2>
        <a class="footer-cta-button" href="#/portal" data-portal>
            <div class="footer-cta-input">Enter your email</div>
            <span>Subscribe</span>
        </a>
    </div>
</section>

<aside class="read-more-wrap outer">
    <div class="read-more inner">
        <article class="post-card post">
            <a class="post-card-image-link" href="/nordic-air-command/"><img class="post-card-image" src="/content/images/2024/02/awacs.jpg" alt="Nordic Air Command Takes Shape"></a>
            <div class="post-card-content"><a class="post-card-content-link" href="/nordic-air-command/"><header class="post-card-header"><h2 class="post-card-title">Nordic Air Command Takes Shape</h2></header>
            <div class="post-card-excerpt">Four air forces are merging their operations centres into a single structure.</div></a>
            <footer class="post-card-meta"><time class="post-card-meta-date" datetime="2024-02-26">Feb 26, 2024</time></footer></div>
        </article>
        <article class="post-card post">
            <a class="post-card-image-link" href="/gps-jamming-baltic/"><img class="post-card-image" src="/content/images/2024/01/gps.jpg" alt="GPS Jamming Spreads Over the Baltic"></a>
            <div class="post-card-content"><a class="post-card-content-link" href="/gps-jamming-baltic/"><header class="post-card-header"><h2 class="post-card-title">GPS Jamming Spreads Over the Baltic</h2></header>
            <div class="post-card-excerpt">Airlines report navigation interference on routes near Kaliningrad.</div></a>
            <footer class="post-card-meta"><time class="post-card-meta-date" datetime="2024-01-30">Jan 30, 2024</time></footer></div>
        </article>
    </div>
</aside>
    </div>

    <footer class="site-footer outer">
        <div class="inner">
            <section class="copyright"><a href="https://frontierledger.example">{G_SITE}</a> &copy; 2024</section>
            <nav class="site-footer-nav"><ul class="nav"><li><a href="/privacy/">Privacy</a></li><li><a href="/contact/">Contact</a></li></ul></nav>
            <div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div>
        </div>
    </footer>
</div>
<script src="https://frontierledger.example/assets/built/casper.js?v=4f2a91c0de"></script>
</body>
</html>
'''
open(OUT + "09_ghost.html", "w", encoding="utf-8").write(ghost)
write_expected(OUT + "09_ghost.expected", G_TITLE, [G_TITLE] + [v for k, v in G if k != "img"], G_AUTHOR, G_DATE, G_SITE)

# ====================== 10 Substack / Medium-like ======================
S_TITLE = "What the Procurement Freeze Means for Readiness"
S_SITE = "Deterrence Notes"
S_AUTHOR = "Rafael Moreno"
S_DATE = "2024-09-12"
S1 = [
    ("p", "The defence ministry's decision last week to freeze new procurement contracts until the budget is approved has been presented as a technical pause. It is more than that. Several programmes that were due to reach contract signature this autumn will now slip into next year, and some of them may not survive the budget negotiations at all."),
    ("p", "The most exposed are the smaller programmes: night-vision equipment, radios for reserve units, and spare parts for the existing fleet of armoured vehicles. These rarely make headlines, but they are exactly what determines whether units can train and deploy."),
    ("h3", "Readiness is not a line item"),
    ("p", "Ministry officials told Reuters that the freeze would not affect operations already under way. That is true in the narrow sense. But readiness depends on the steady flow of consumables and replacements, and a gap of six months in ordering translates into a longer gap in delivery."),
]
S2 = [
    ("p", "There is also a signalling problem. Industry partners who were asked to expand capacity last year now face uncertainty about orders. One executive at a mid-sized ammunition producer said his company had postponed hiring for a new production line until the picture became clearer."),
    ("p", "None of this is irreversible. If the budget passes in November, most of the delayed contracts can still be signed before the end of the year. If it does not, the freeze will become the first real test of whether the government's commitments on defence spending survive contact with domestic politics."),
]

def sub_html(items):
    out = []
    for k, v in items:
        if k == "p":
            out.append(f'<div class="captioned-block"><div class="pencraft pc-reset"><p>{escape(v, quote=False)}</p></div></div>')
        else:
            out.append(f'<div class="header-anchor-parent"><div class="header-anchor-widget"></div><h3 class="header-anchor-post">{escape(v, quote=False)}</h3></div>')
    return "\n".join(out)

SHARE_ROW = '''<div class="post-ufi style-compact"><div class="like-button-container post-ufi-button"><button class="pencraft pc-reset" aria-label="Like (38)"><svg width="20" height="20"></svg><div class="label">38</div></button></div><div class="post-ufi-comment-button post-ufi-button"><a href="#comments"><svg></svg><div class="label">7</div></a></div><div class="post-ufi-button"><button aria-label="Restack"><svg></svg><span>Restack</span></button></div><div class="post-ufi-button share"><button class="share-button"><svg></svg><span>Share</span></button></div></div>'''

sub = f'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(S_TITLE)} - by {S_AUTHOR}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="{S_AUTHOR}">
<meta name="description" content="A short pause in contract signing has long consequences for units in the field.">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(S_TITLE)}">
<meta property="og:site_name" content="{S_SITE}">
<meta property="og:url" content="https://deterrencenotes.example/p/procurement-freeze-readiness">
<meta property="og:image" content="https://substackcdn.example/image/fetch/w_1200/freeze.png">
<meta property="article:published_time" content="2024-09-12T06:00:00+00:00">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="https://deterrencenotes.example/p/procurement-freeze-readiness">
<script>window._preloads = JSON.parse("{{\\"pub\\":{{\\"name\\":\\"{S_SITE}\\"}}}}")</script>
</head>
<body class="pc-root">
<div id="entry"><div id="main" class="main typography use-theme-bg">
<div class="main-menu-content"><div class="topbar-content"><a href="/" class="navbar-title-link">{S_SITE}</a><div class="navbar-buttons"><a href="/archive">Archive</a><a href="/about">About</a><button class="button primary">Subscribe</button><a href="/account/login">Sign in</a></div></div></div>
<div class="container"><div class="single-post-container"><div class="single-post">
<article class="typography newsletter-post post">
 <div class="post-header">
  <div class="pencraft pc-display-flex"><div class="pencraft"><h1 dir="auto" class="post-title published title-X77sOw">{escape(S_TITLE)}</h1></div></div>
  <div class="pencraft pc-display-flex pc-gap-12 pc-paddingTop-16">
   <div class="pencraft byline-wrapper"><div class="pencraft pc-display-flex"><div class="profile-hover-card-target"><a href="https://substack.example/@rafaelmoreno" class="pencraft pc-reset link-LmOKJO">{S_AUTHOR}</a></div></div>
   <div class="pencraft pc-display-flex pc-gap-4"><div class="pencraft pc-reset color-pub-secondary-text meta-EgzBVA">Sep 12, 2024</div></div></div>
  </div>
  {SHARE_ROW}
 </div>
 <div class="available-content"><div dir="auto" class="body markup">
{sub_html(S1)}
<div class="subscription-widget-wrap-editor" data-attrs='{{"url":"https://deterrencenotes.example/subscribe","text":"Subscribe"}}' data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">{S_SITE} is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.</p></div><form class="subscription-widget-subscribe"><input type="email" class="email-input" name="email" placeholder="Type your email..."><input type="submit" class="button primary" value="Subscribe"></form></div></div>
{sub_html(S2)}
<p class="button-wrapper" data-attrs='{{"url":"https://deterrencenotes.example/p/procurement-freeze-readiness?utm_source=substack&amp;utm_medium=email&amp;action=share"}}'><a class="button primary" href="https://deterrencenotes.example/p/procurement-freeze-readiness?action=share"><span>Share</span></a></p>
 </div></div>
 <div class="post-footer"><div class="post-footer-buttons">
  {SHARE_ROW}
 </div>
 <div class="subscribe-footer"><div class="pencraft"><h4>Subscribe to {S_SITE}</h4><p>By {S_AUTHOR} &middot; Launched 2 years ago</p><p>Notes on deterrence, defence budgets and the forces that depend on them.</p><form><input type="email" placeholder="Type your email..."><button>Subscribe</button></form></div></div>
 </div>
</article>
<div id="discussion" class="post-page-discussion"><div class="container">
 <h4 class="discussion-title">Discussion about this post</h4>
 <div class="comments-page"><div class="comment-list">
  <div class="comment"><div class="comment-meta"><a href="/@kpaulsen">Karin Paulsen</a> <span>Sep 12</span></div><div class="comment-body"><p>The spare-parts point is the one nobody in parliament seems to understand. Good piece.</p></div><div class="comment-actions"><button>Like (4)</button><button>Reply</button><button>Share</button></div></div>
  <div class="comment"><div class="comment-meta"><a href="/@jdw">J. D. Whitfield</a> <span>Sep 13</span></div><div class="comment-body"><p>Would be interested in a follow-up on which programmes are most at risk if the budget fails.</p></div><div class="comment-actions"><button>Like (2)</button><button>Reply</button><button>Share</button></div></div>
 </div></div>
</div></div>
</div></div></div>
<div class="footer-wrap"><div class="footer">&copy; 2024 {S_AUTHOR} &middot; <a href="/privacy">Privacy</a> &middot; <a href="/tos">Terms</a> &middot; <a href="https://substack.example/signup">Start writing</a></div></div>
</div></div>
</body>
</html>
'''
open(OUT + "10_substack_like.html", "w", encoding="utf-8").write(sub)
write_expected(OUT + "10_substack_like.expected", S_TITLE, [S_TITLE] + [v for k, v in S1 + S2], S_AUTHOR, S_DATE, S_SITE)

# ====================== 11 old table layout ======================
T_TITLE = "Troop Withdrawal Talks Stall Over Verification"
T_SITE = "Caucasus Wire Online"
T = [
    "Talks on the withdrawal of foreign troops from two disputed districts stalled on Thursday after the parties failed to agree on how the pullback would be verified, diplomats said.",
    "Negotiators had been expected to sign a timetable for the first phase of the withdrawal, covering about 1,200 soldiers and their equipment. Instead, the session ended after four hours with a brief statement that consultations would continue \"at the expert level\".",
    "According to a diplomat familiar with the talks, the main dispute concerns the role of international observers. One side insists that observers be allowed to inspect former bases without advance notice, while the other wants inspections to be arranged through a joint commission. \"Neither side trusts the other to report honestly,\" the diplomat told AFP.",
    "The withdrawal was agreed in principle at a summit last year but has been repeatedly delayed. Local residents in the districts have complained of checkpoints and restrictions on movement that remain in place (Interfax, Moscow, March 13).",
    "The next round of talks is scheduled for early April.",
]

def wrap_source(s, width=72):
    """hard-wrap like an old hand-edited page, to test whitespace collapsing"""
    words, lines, cur = s.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    lines.append(cur)
    return "\n".join(lines)

e = lambda s: escape(s, quote=False)
tbl = f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML>
<HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">
<TITLE>{e(T_TITLE)} - {T_SITE}</TITLE>
<META NAME="keywords" CONTENT="caucasus, news, troops, withdrawal, talks">
<SCRIPT LANGUAGE="JavaScript">
<!--
function MM_swapImgRestore() {{ var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc; }}
//-->
</SCRIPT>
</HEAD>
<BODY BGCOLOR="#FFFFFF" TEXT="#000000" LINK="#003366" VLINK="#666666" MARGINWIDTH="0" MARGINHEIGHT="0" LEFTMARGIN="0" TOPMARGIN="0">
<TABLE WIDTH="760" BORDER="0" CELLPADDING="0" CELLSPACING="0" ALIGN="center">
<TR>
<TD COLSPAN="3" BGCOLOR="#003366"><IMG SRC="images/logo.gif" WIDTH="300" HEIGHT="60" ALT="Caucasus Wire Online"><FONT FACE="Verdana, Arial" SIZE="1" COLOR="#FFFFFF">&nbsp;&nbsp;Friday, March 14, 2003</FONT></TD>
</TR>
<TR>
<TD WIDTH="150" VALIGN="top" BGCOLOR="#E6E6E6">
<FONT FACE="Verdana, Arial" SIZE="2">
<B>Sections</B><BR>
<A HREF="index.html">Home</A><BR>
<A HREF="region.html">Region</A><BR>
<A HREF="politics.html">Politics</A><BR>
<A HREF="security.html">Security</A><BR>
<A HREF="economy.html">Economy</A><BR>
<A HREF="archive.html">Archive</A><BR>
<A HREF="contact.html">Contact us</A><BR>
<BR>
<B>Latest headlines</B><BR>
<A HREF="news/0313a.html">Border post reopens after two-week closure</A><BR><BR>
<A HREF="news/0312c.html">Parliament debates defence budget</A><BR><BR>
<A HREF="news/0312a.html">Observers report calm in northern sector</A><BR>
</FONT>
</TD>
<TD WIDTH="10"><IMG SRC="images/spacer.gif" WIDTH="10" HEIGHT="1"></TD>
<TD WIDTH="600" VALIGN="top">
<BR>
<FONT FACE="Arial, Helvetica" SIZE="5" COLOR="#003366"><B>{e(T_TITLE)}</B></FONT><BR>
<FONT FACE="Arial, Helvetica" SIZE="2" COLOR="#666666">By Margaret Olsen, Staff Correspondent<BR>
Posted: March 14, 2003 09:12 GMT</FONT>
<BR><BR>
<FONT FACE="Times New Roman, Times" SIZE="3">
{wrap_source(e(T[0]))}
<BR><BR>
{wrap_source(e(T[1]))}
<BR><BR>
{wrap_source(e(T[2]))}
<P>
{wrap_source(e(T[3]))}
<P>
{wrap_source(e(T[4]))}
</FONT>
<BR><BR>
<CENTER><FONT FACE="Verdana, Arial" SIZE="1">[ <A HREF="javascript:window.print()">Print this story</A> | <A HREF="mailto:?subject=Caucasus%20Wire">E-mail this story</A> ]</FONT></CENTER>
</TD>
</TR>
<TR>
<TD COLSPAN="3" ALIGN="center"><HR SIZE="1" NOSHADE><FONT FACE="Verdana, Arial" SIZE="1" COLOR="#666666">Copyright &copy; 2003 Caucasus Wire. All rights reserved. Reproduction without permission is prohibited.</FONT></TD>
</TR>
</TABLE>
</BODY>
</HTML>
'''
open(OUT + "11_table_layout.html", "w", encoding="iso-8859-1").write(tbl)
write_expected(OUT + "11_table_layout.expected", T_TITLE, [T_TITLE] + T, "Margaret Olsen", "2003-03-14", T_SITE)

# ====================== 12 Russian ======================
R_TITLE = "Пограничники зафиксировали рост нарушений на северном участке"
R_SITE = "Вестник безопасности"
R_AUTHOR = "Иван Петров"
R_DATE = "2024-10-03"
R = [
    ("p", "Пограничная служба сообщила о росте числа нарушений на северном участке границы в третьем квартале. По данным ведомства, с июля по сентябрь было зафиксировано 86 попыток незаконного пересечения, что почти вдвое больше, чем за тот же период прошлого года."),
    ("p", "Большинство нарушений, по словам представителя службы, связано с контрабандой сигарет и топлива. Кроме того, пограничники отмечают случаи использования небольших беспилотников для переброски грузов через границу в ночное время."),
    ("h2", "Меры усиления"),
    ("p", "В ведомстве заявили, что в ближайшие месяцы на участке будут установлены дополнительные камеры и тепловизоры, а численность патрулей увеличится. «Мы видим, что нарушители меняют тактику, и должны реагировать быстрее», — сказал агентству «Интерфакс» начальник пограничного управления."),
    ("p", "Соседняя сторона пока не прокомментировала эти данные. Ранее её представители отвергали обвинения в недостаточном контроле на границе (Интерфакс, Москва, 2 октября)."),
]
rb = "\n".join(f"<p>{e(v)}</p>" if k == "p" else f"<h2>{e(v)}</h2>" for k, v in R)
ru = f'''<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{e(R_TITLE)} | {R_SITE}</title>
<meta name="description" content="С июля по сентябрь зафиксировано 86 попыток незаконного пересечения границы.">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{R_SITE}">
<meta property="og:title" content="{e(R_TITLE)}">
<meta property="og:url" content="https://vestnik-bez.example/news/2024/10/03/granica-sever/">
<meta property="og:locale" content="ru_RU">
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<div class="page">
 <div class="header">
  <div class="logo"><a href="/">{R_SITE}</a></div>
  <ul class="menu">
   <li><a href="/politics/">Политика</a></li>
   <li><a href="/army/">Армия</a></li>
   <li><a href="/border/">Граница</a></li>
   <li><a href="/world/">В мире</a></li>
  </ul>
  <div class="search"><form action="/search/"><input type="text" name="q" placeholder="Поиск по сайту"></form></div>
 </div>
 <div class="breadcrumbs"><a href="/">Главная</a> / <a href="/border/">Граница</a></div>
 <div class="content">
  <div class="news-item">
   <h1 class="news-title">{e(R_TITLE)}</h1>
   <div class="news-meta">
    <time class="news-date" datetime="2024-10-03T10:15:00+03:00">3 октября 2024, 10:15</time>
    <span class="views">Просмотров: 1 284</span>
   </div>
   <div class="byline">Автор: {R_AUTHOR}</div>
   <div class="news-text">
{rb}
   </div>
   <div class="tags">Теги: <a href="/tag/granica/">граница</a>, <a href="/tag/bpla/">беспилотники</a></div>
   <div class="share">Поделиться: <a href="https://vk.com/share.php?url=x">ВКонтакте</a> <a href="https://t.me/share/url?url=x">Telegram</a> <a href="https://connect.ok.ru/offer?url=x">Одноклассники</a></div>
  </div>
  <div class="related">
   <h3>Читайте также</h3>
   <ul>
    <li><a href="/news/2024/09/28/">На западной границе открыт новый пункт пропуска</a></li>
    <li><a href="/news/2024/09/25/">Учения пограничных войск завершились в Карелии</a></li>
    <li><a href="/news/2024/09/19/">Таможня изъяла партию контрабандного топлива</a></li>
   </ul>
  </div>
 </div>
 <div class="sidebar">
  <h3>Популярное</h3>
  <ul><li><a href="/news/2024/10/01/">Бюджет на оборону вырастет на 12%</a></li><li><a href="/news/2024/09/30/">Число призывников сократится</a></li></ul>
 </div>
 <div class="footer">© 2024 «{R_SITE}». Все права защищены. При перепечатке ссылка обязательна. 18+</div>
</div>
</body>
</html>
'''
open(OUT + "12_russian_news.html", "w", encoding="cp1251").write(ru)
write_expected(OUT + "12_russian_news.expected", R_TITLE, [R_TITLE] + [v for k, v in R], R_AUTHOR, R_DATE, R_SITE)
print("web ok")
