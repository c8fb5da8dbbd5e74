# Paragraph labels (by parser paragraph number, 1-based, in order) for the hand-written texts.
L = {}
SD="sco-development"; T="terrorism"; D="drugs"; IS="information-security"; OC="organised-crime"; AC="arms-control"
AF="afghanistan"; SY="syria-middle-east"; IR="iran-nuclear"; KP="korean-peninsula"; UN="un-role"; IL="international-law"
TI="trade-investment"; CO="connectivity"; EN="energy"; FS="food-security"; CE="culture-education"; HE="health"; EM="emergencies"; EV="environment"

L["h01_wajd_shanghai_2001.txt"] = [
 [SD],[SD],[SD],[SD],[SD],[SD],[IL],[SD],[T],[D,OC],
 [AF,UN],[TI],[EN,CO],[AC],[AC],[UN],[CE],[EV],[EM],[SD],
 [SD]]
L["h02_wajd_yekaterinburg_2009.txt"] = [
 [],[IL,TI],[IL],[UN],[SD],[T,D,OC],[T],[D,AF],[IS],[OC],
 [AC],[AF,T,D,OC],[AF],[IR],[KP],[TI],[TI],[CO],[EN],[FS],
 [CE],[HE],[EM],[SD],[SD],[SD]]
L["h03_wajd_ufa_2015.txt"] = [
 [],[SD],[SD],[SD],[SD],[],[UN,IL],[IL],[AC],[T],
 [T],[D,AF],[IS,T],[OC],[AF],[SY],[IR],[],[TI],[CO],
 [EN],[FS],[CE],[EV],[HE,EM],[SD]]
L["h04_md_reuters_astana_2017.txt"] = [
 [SD],[SD],[SD],[T],[CO],[TI,CO],[T],[AF],[SD,T,TI],[SD]]
L["h05_md_xinhua_qingdao_2018.txt"] = [
 [SD],[SD],[TI],[TI,CE],[SD],[T,D],[IR],[EV,EM],[SD],[SD]]
L["h06_frag_tass_bishkek_2019.txt"] = [
 [SY,IL],[AC],[IR],[SD,TI],[TI],[EN],[AF],[SD],[SD]]

L["h07_wajd_samarkand_2022.txt"] = [
 [],[],[IL,UN],[IL],[IL,UN],[UN],[T],[T],[D],[IS],
 [OC],[AC],[AC],[AF],[AF,CO],[SY,IL,UN],[SY],[IR],[SD],[SD],
 [SD],[SD],[TI],[TI],[CO],[EN],[FS],[EV],[HE],[EM],
 [CE],[SD]]
L["h08_wajd_astana_2017.txt"] = [
 [],[IL],[SD],[SD],[SD],[IL],[UN],[T],[T],[T,D,OC],
 [T],[D],[IS],[AC,T],[AC],[AF],[D,AF],[SY,IL,UN],[SY,AC],[IR],
 [KP],[TI],[CO],[EN],[FS],[EV],[EM],[HE],[CE],[SD]]
L["h09_wajd_newdelhi_2023.txt"] = [
 [],[SD],[SD],[SD],[SD],[SD],[IL,UN],[IL,UN],[UN],[SY,IL],
 [IR],[T],[T],[T],[D],[IS],[OC],[AC],[AF],[AF],
 [AF],[TI],[EN],[CO],[TI],[EN],[FS],[EV],[HE],[CE],
 [EM],[SD]]
L["h10_wajd_astana_2024.txt"] = [
 [],[SD],[SD],[IL],[SD],[SD],[IL,UN],[IL],[IL,UN],[UN],
 [T,UN],[T,D],[D],[IS],[OC],[AC],[AC],[AF],[SY],[SY,IL],
 [TI],[TI],[EN],[CO],[FS],[EV],[HE,EM],[CE],[SD]]
L["h11_md_aljazeera_samarkand_2022.txt"] = [
 [],[],[SD,T,TI],[SD],[IR],[FS,EN],[EN,FS],[EV,EN,TI],[CO,AF],[],
 []]
L["h12_md_thediplomat_astana_2024.txt"] = [
 [SD],[SD,T],[SD],[CO],[IL],[IL,TI,EN],[EN,CE],[SY,IL],[T],[EM,EV],
 [CO,EV,D,AF],[SD],[]]
L["h13_frag_globaltimes_newdelhi_2023.txt"] = [
 [T],[],[SD],[IR],[IL,UN],[UN],[EN],[FS,EN],[HE],[TI],
 [AF],[EV,EM],[SD]]
L["h14_frag_tass_astana_2017.txt"] = [
 [KP],[KP],[KP],[SY],[T],[D,AF],[TI,CO],[SD],[SD]]
